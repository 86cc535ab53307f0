using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>One tuple of a tuple space search: every pattern with the same mask, in one hash table.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TernaryGroup
{
    /// <summary>The mask all the group's patterns share; a key is masked with it before the probe.</summary>
    public UInt128 Mask;

    /// <summary>The best (lowest) rank in the group: once a match of that rank or better is found, this group cannot improve it.</summary>
    public int BestRank;

    /// <summary>Where the group's slots begin in the shared slot array.</summary>
    public int SlotStart;

    /// <summary>The group's slot count minus one (a power of two minus one).</summary>
    public int SlotMask;

    /// <summary>64 minus log2 of the slot count: the multiply-shift hash keeps the top bits.</summary>
    public int HashShift;
}
