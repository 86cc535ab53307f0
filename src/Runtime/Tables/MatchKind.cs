namespace Fastpath.Tables;

/// <summary>How a key field of a table entry is compared with the packet's field (the P4 match kinds).</summary>
public enum MatchKind : byte
{
    /// <summary>Every bit must be equal.</summary>
    Exact = 0,

    /// <summary>The leading bits must be equal (longest prefix match when it is the only field).</summary>
    Lpm,

    /// <summary>The bits under the entry's mask must be equal.</summary>
    Ternary,

    /// <summary>The field lies between a low and a high value, both included.</summary>
    Range,

    /// <summary>Exact, or wildcarded entirely.</summary>
    Optional,
}
