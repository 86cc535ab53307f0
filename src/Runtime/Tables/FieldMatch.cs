using System.Globalization;

namespace Fastpath.Tables;

/// <summary>How one entry matches one key field: an exact value, a value under a mask, a prefix, a range or a wildcard.</summary>
/// <remarks>
/// Values are in the field's own coordinates (the field's least significant bit is bit 0). A field
/// accepts the match kinds its own kind includes: every kind takes <see cref="Exact"/>; every kind
/// but exact takes <see cref="Any"/>; a ternary field also takes prefixes and masked values.
/// </remarks>
public readonly record struct FieldMatch
{
    private FieldMatch(MatchKind kind, UInt128 value, UInt128 mask, int prefixLength, ulong high)
    {
        Kind = kind;
        Value = value;
        Mask = mask;
        PrefixLength = prefixLength;
        High = high;
    }

    /// <summary>Return the kind of match.</summary>
    public MatchKind Kind { get; }

    /// <summary>Return the value: the exact or masked value, the prefix's leading bits, or a range's low end.</summary>
    public UInt128 Value { get; }

    /// <summary>Return the mask of a ternary match; for an optional match, zero (any) or all ones (exact).</summary>
    public UInt128 Mask { get; }

    /// <summary>Return the number of leading field bits an LPM match compares.</summary>
    public int PrefixLength { get; }

    /// <summary>Return a range's high end, included.</summary>
    public ulong High { get; }

    /// <summary>Return whether this matches every value (an optional match with a zero mask).</summary>
    public bool IsAny => Kind == MatchKind.Optional && Mask == UInt128.Zero;

    /// <summary>Match the field exactly equal to <paramref name="value"/>.</summary>
    public static FieldMatch Exact(UInt128 value) => new(MatchKind.Exact, value, UInt128.MaxValue, 0, 0);

    /// <summary>Match the field bits under <paramref name="mask"/> equal to <paramref name="value"/>; bits of the value outside the mask must be zero.</summary>
    public static FieldMatch Ternary(UInt128 value, UInt128 mask) => new(MatchKind.Ternary, value, mask, 0, 0);

    /// <summary>Match the leading <paramref name="length"/> bits of the field; <paramref name="value"/> is the whole field value, its host bits zero.</summary>
    public static FieldMatch Prefix(UInt128 value, int length) => new(MatchKind.Lpm, value, UInt128.Zero, length, 0);

    /// <summary>Match a field between <paramref name="low"/> and <paramref name="high"/>, both included.</summary>
    public static FieldMatch Range(ulong low, ulong high) => new(MatchKind.Range, low, UInt128.Zero, 0, high);

    /// <summary>Match the field exactly equal to <paramref name="value"/> (an optional field that is set).</summary>
    public static FieldMatch Optional(UInt128 value) => new(MatchKind.Optional, value, UInt128.MaxValue, 0, 0);

    /// <summary>Match every value of the field (a wildcard).</summary>
    public static FieldMatch Any => new(MatchKind.Optional, UInt128.Zero, UInt128.Zero, 0, 0);

    /// <summary>Format the match: <c>6</c>, <c>0x0a000000&amp;&amp;&amp;0xff000000</c>, <c>0x0a000000/8</c>, <c>80..443</c> or <c>*</c>.</summary>
    public override string ToString() => Kind switch
    {
        MatchKind.Exact => Value.ToString(CultureInfo.InvariantCulture),
        MatchKind.Ternary => $"0x{Value:x}&&&0x{Mask:x}",
        MatchKind.Lpm => $"0x{Value:x}/{PrefixLength}",
        MatchKind.Range => $"{Value}..{High}",
        _ => IsAny ? "*" : Value.ToString(CultureInfo.InvariantCulture),
    };
}
