using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>One slot of a ternary group's hash table: a masked value, the best-ranked entry with that pattern, and its index.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TernarySlot
{
    /// <summary>The pattern's value, already masked with the group's mask.</summary>
    public UInt128 Value;

    /// <summary>The entry's rank: its position in (priority descending, insertion order) order; lower wins.</summary>
    public int Rank;

    /// <summary>The entry index plus one; zero marks an empty slot.</summary>
    public int IndexPlusOne;
}
