using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>One slot of a ternary group's hash table: a masked value and the run of entries that share it, best first.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TernarySlot
{
    /// <summary>The pattern's value, already masked with the group's mask.</summary>
    public UInt128 Value;

    /// <summary>Where the bucket's entries begin in the snapshot's rule array.</summary>
    public int RuleStart;

    /// <summary>How many entries share the value (they differ in priority or in their ranges); zero marks an empty slot.</summary>
    public int RuleCount;
}
