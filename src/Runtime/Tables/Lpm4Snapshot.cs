using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>An immutable IPv4 longest-prefix-match table in the DIR-24-8 layout (as DPDK's rte_lpm): one or two array reads per lookup.</summary>
/// <remarks>
/// <para>
/// The first level has one 32-bit entry for each of the 2^24 values of an address's top 24 bits
/// (64 MiB). An entry is either a result (valid bit, prefix depth, entry index) or, when some
/// prefix longer than /24 falls under it, the number of a 256-entry second-level group indexed by
/// the address's last octet. Prefixes are expanded into every entry they cover, the more specific
/// prefix winning, so a lookup never compares prefixes: it reads one entry, and a second only
/// under a group.
/// </para>
/// <para>
/// Both arrays are allocated pinned (on the pinned object heap), so lookups read them through raw
/// pointers, with no bounds check and no pinning per call, while the GC still frees them with the
/// snapshot.
/// </para>
/// </remarks>
public sealed unsafe class Lpm4Snapshot<TValue>
    where TValue : struct
{
    /// <summary>The number of first-level entries: one per value of the top 24 bits.</summary>
    public const int Tbl24Size = 1 << 24;

    /// <summary>The number of entries in a second-level group: one per value of the last octet.</summary>
    public const int GroupSize = 256;

    // Entry layout: bit 31 valid, bit 30 group pointer, bits 24-29 depth, bits 0-23 entry index or group number.
    internal const uint Valid = 1u << 31;
    internal const uint Group = 1u << 30;
    internal const int DepthShift = 24;
    internal const uint IndexMask = 0xFF_FFFF;

    private readonly uint[] _tbl24;
    private readonly uint[] _tbl8;
    private readonly uint* _p24;
    private readonly uint* _p8;
    private readonly TValue[] _values;

    internal Lpm4Snapshot(uint[] tbl24, uint[] tbl8, int groups, TValue[] values, int count)
    {
        _tbl24 = tbl24;
        _tbl8 = tbl8;
        // Pinned at allocation, so the addresses stay valid for as long as this object holds the arrays.
        _p24 = (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tbl24));
        _p8 = (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tbl8));
        GroupCount = groups;
        _values = values;
        Count = count;
    }

    /// <summary>Return the number of prefixes installed.</summary>
    public int Count { get; }

    /// <summary>Return the number of second-level groups in use.</summary>
    public int GroupCount { get; }

    /// <summary>Return the values by entry index; only indices that lookups return hold installed values.</summary>
    public ReadOnlySpan<TValue> Values => _values;

    /// <summary>Find the longest prefix containing <paramref name="address"/>; <paramref name="index"/> is its entry index, or -1 when none does.</summary>
    public bool Lookup(Ipv4Address address, out int index)
    {
        uint a = address.Value;
        uint e = _p24[a >> 8];
        if ((e & Group) != 0)
            e = _p8[((e & IndexMask) << 8) | (a & 0xFF)];
        // The valid bit is the sign bit: 'valid' is all ones for a hit and zero for a miss, which turns a miss into -1 without a branch.
        int valid = (int)e >> 31;
        index = ((int)(e & IndexMask) & valid) | ~valid;
        return valid != 0;
    }

    /// <summary>Look up every address of <paramref name="addresses"/>, writing each entry index (or -1) to <paramref name="indices"/> at the same position.</summary>
    public void LookupBurst(ReadOnlySpan<Ipv4Address> addresses, Span<int> indices)
    {
        if (indices.Length < addresses.Length)
            ThrowShortIndices();
        uint* p24 = _p24, p8 = _p8;
        ref int into = ref MemoryMarshal.GetReference(indices);
        for (int i = 0; i < addresses.Length; i++)
        {
            // The loop body has no dependency between iterations, so the CPU overlaps the cache misses of several addresses.
            uint a = addresses[i].Value;
            uint e = p24[a >> 8];
            if ((e & Group) != 0)
                e = p8[((e & IndexMask) << 8) | (a & 0xFF)];
            int valid = (int)e >> 31;
            Unsafe.Add(ref into, i) = ((int)(e & IndexMask) & valid) | ~valid;
        }
    }

    /// <summary>Return the value of entry index <paramref name="index"/>, as a lookup on this same snapshot returned it.</summary>
    /// <remarks>Indices are reused between snapshots, so an index from one snapshot read against another is a torn read.</remarks>
    public ref readonly TValue GetValue(int index) => ref _values[index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortIndices() =>
        throw new ArgumentException("the index span is shorter than the address span", "indices");
}
