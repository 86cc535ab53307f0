namespace Fastpath.Tables;

/// <summary>A ternary key field of a generated table: the packet's field matches when it equals <see cref="Value"/> under <see cref="Mask"/>.</summary>
/// <remarks>Value bits outside the mask are an error when the entry is installed (they could never match), as in P4 runtimes.</remarks>
public readonly record struct Masked<T>(T Value, T Mask)
    where T : struct
{
    /// <inheritdoc/>
    public override string ToString() => $"{Value}&&&{Mask}";
}
