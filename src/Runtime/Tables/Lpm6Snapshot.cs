using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>An immutable IPv6 longest-prefix-match table: a multibit trie with a 16-bit first stride and 8-bit strides after it.</summary>
/// <remarks>
/// <para>
/// Why a multibit trie, not binary search on prefix lengths with hash tables: a lookup is only array
/// indexing, one read per stride the matching prefix reaches (2 for a /24, 5 for a /48, 15 at most),
/// with no hashing and no 128-bit compares; its cost is fixed by the prefix length, not by how the
/// lengths present happen to be spread; and it is the same leaf-pushed layout as the IPv4
/// DIR-24-8 table (and DPDK's rte_lpm6), built by the same shortest-first fill. The price is memory:
/// 1 KiB per trie node, one per distinct 8-bit step below /16 that some prefix takes, capped by
/// the table's node limit. That suits the few thousand IPv6 routes of an edge or service node; a full
/// Internet table (~200,000 routes, mostly /32 to /48) needs a few hundred MiB, where binary search on
/// lengths would be the better trade.
/// </para>
/// <para>
/// Layout: one pinned array; its first 65,536 entries are the root, indexed by the address's first
/// 16 bits, then 256-entry nodes. An entry is a result (valid bit, entry index) or a child node
/// number, indexed by the address's next octet.
/// </para>
/// </remarks>
public sealed unsafe class Lpm6Snapshot<TValue>
    where TValue : struct
{
    /// <summary>The number of root entries: one per value of the first 16 bits.</summary>
    public const int RootSize = 1 << 16;

    /// <summary>The number of entries in a node: one per value of an octet.</summary>
    public const int NodeSize = 256;

    // Entry layout: bit 31 valid, bit 30 child pointer, bits 0-29 entry index or node number.
    internal const uint Valid = 1u << 31;
    internal const uint Child = 1u << 30;
    internal const uint IndexMask = (1u << 30) - 1;

    private readonly uint[] _trie;
    private readonly uint* _p;
    private readonly TValue[] _values;

    internal Lpm6Snapshot(uint[] trie, int nodes, TValue[] values, int count)
    {
        _trie = trie;
        // Pinned at allocation, so the address stays valid for as long as this object holds the array.
        _p = (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(trie));
        NodeCount = nodes;
        _values = values;
        Count = count;
    }

    /// <summary>Return the number of prefixes installed.</summary>
    public int Count { get; }

    /// <summary>Return the number of 256-entry nodes below the root.</summary>
    public int NodeCount { get; }

    /// <summary>Return the values by entry index; only indices that lookups return hold installed values.</summary>
    public ReadOnlySpan<TValue> Values => _values;

    /// <summary>Find the longest prefix containing <paramref name="address"/>; <paramref name="index"/> is its entry index, or -1 when none does.</summary>
    public bool Lookup(Ipv6Address address, out int index)
    {
        uint* p = _p;
        ulong word = address.High;
        uint e = p[word >> 48];
        // Octets 2-7 come from the high word, 8-15 from the low word.
        int shift = 40;
        while ((e & Child) != 0)
        {
            if (shift < 0)
            {
                word = address.Low;
                shift = 56;
            }
            e = p[RootSize + ((nuint)(e & IndexMask) << 8) + (nuint)((word >> shift) & 0xFF)];
            shift -= 8;
        }
        // The valid bit is the sign bit: all ones for a hit, zero for a miss, which becomes -1 without a branch.
        int valid = (int)e >> 31;
        index = ((int)(e & IndexMask) & valid) | ~valid;
        return valid != 0;
    }

    /// <summary>Look up every address of <paramref name="addresses"/>, writing each entry index (or -1) to <paramref name="indices"/> at the same position.</summary>
    public void LookupBurst(ReadOnlySpan<Ipv6Address> addresses, Span<int> indices)
    {
        if (indices.Length < addresses.Length)
            ThrowShortIndices();
        for (int i = 0; i < addresses.Length; i++)
        {
            Lookup(addresses[i], out int index);
            indices[i] = index;
        }
    }

    /// <summary>Return the value of entry index <paramref name="index"/>, as a lookup on this same snapshot returned it.</summary>
    /// <remarks>Indices are reused between snapshots, so an index from one snapshot read against another is a torn read.</remarks>
    public ref readonly TValue GetValue(int index) => ref _values[index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortIndices() =>
        throw new ArgumentException("the index span is shorter than the address span", "indices");
}
