namespace Fastpath.Tables;

/// <summary>One field of a ternary table's 128-bit key: where its bits sit and how entries match it.</summary>
/// <param name="Name">The field's name, used in error messages.</param>
/// <param name="Shift">The position of the field's least significant bit in the key (0 = the key's least significant bit).</param>
/// <param name="Width">The field's width in bits, 1 to 128 (at most 64 for a range field).</param>
/// <param name="Kind">How entries match the field.</param>
public readonly record struct KeyField(string Name, int Shift, int Width, MatchKind Kind)
{
    /// <summary>Return the mask of the field's bits, unshifted (the low <see cref="Width"/> bits).</summary>
    public UInt128 WidthMask => Width >= 128 ? UInt128.MaxValue : (UInt128.One << Width) - 1;

    /// <summary>Return the mask of the field's bits in their place in the key.</summary>
    public UInt128 Mask => WidthMask << Shift;

    /// <summary>Return <paramref name="value"/> cut to the field's width and moved to its place in the key, for composing lookup keys.</summary>
    public UInt128 Place(UInt128 value) => (value & WidthMask) << Shift;
}
