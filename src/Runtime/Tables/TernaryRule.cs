using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>One entry in a ternary bucket: its rank and its entry index; its range bounds sit at the same position in the snapshot's bounds array.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TernaryRule
{
    /// <summary>The entry's position in (priority descending, insertion order) order; lower wins.</summary>
    public int Rank;

    /// <summary>The entry index a lookup returns.</summary>
    public int Index;
}
