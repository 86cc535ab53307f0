using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>An immutable ternary table (ternary, range, optional, LPM and exact fields of up to 128 bits in all), searched by tuple space search.</summary>
/// <remarks>
/// <para>
/// Every entry is expanded into (value, mask) patterns and the patterns are grouped by mask, one
/// hash table per distinct mask (a "tuple"). A lookup masks the key with each group's mask and
/// probes that group's hash: one probe per group instead of one compare per entry, so the cost grows
/// with the number of distinct masks, not of entries (Srinivasan, Suri and Varghese, SIGCOMM 1999;
/// Open vSwitch's classifier does the same).
/// </para>
/// <para>
/// Groups are sorted by the best entry they hold (highest priority, then earliest inserted). Once
/// a match is found, a group whose best entry ranks no better cannot change the answer, and since
/// all later groups rank lower still, the search stops there.
/// </para>
/// </remarks>
public sealed class TernarySnapshot<TValue>
    where TValue : struct
{
    private readonly TernaryGroup[] _groups;
    private readonly TernarySlot[] _slots;
    private readonly TValue[] _values;

    internal TernarySnapshot(TernaryGroup[] groups, TernarySlot[] slots, TValue[] values, int count)
    {
        _groups = groups;
        _slots = slots;
        _values = values;
        Count = count;
    }

    /// <summary>Return the number of entries installed.</summary>
    public int Count { get; }

    /// <summary>Return the number of distinct masks: the most hash probes a lookup makes.</summary>
    public int GroupCount => _groups.Length;

    /// <summary>Return the values by entry index; only indices that lookups return hold installed values.</summary>
    public ReadOnlySpan<TValue> Values => _values;

    /// <summary>Find the highest-priority entry matching <paramref name="key"/>; <paramref name="index"/> is its entry index, or -1 when none matches.</summary>
    public bool Lookup(UInt128 key, out int index)
    {
        int bestRank = int.MaxValue;
        int best = -1;
        // Slot indices are a group's start plus a masked offset inside the group, so reading
        // without bounds checks stays inside the array.
        ref TernarySlot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        foreach (ref readonly TernaryGroup group in _groups.AsSpan())
        {
            if (group.BestRank >= bestRank)
                break;
            UInt128 value = key & group.Mask;
            int i = (int)Mix.Hash(value) & group.SlotMask;
            while (true)
            {
                ref TernarySlot slot = ref Unsafe.Add(ref slots, group.SlotStart + i);
                if (slot.IndexPlusOne == 0)
                    break;
                if (slot.Value == value)
                {
                    if (slot.Rank < bestRank)
                    {
                        bestRank = slot.Rank;
                        best = slot.IndexPlusOne - 1;
                    }
                    break;
                }
                i = (i + 1) & group.SlotMask;
            }
        }
        index = best;
        return best >= 0;
    }

    /// <summary>Look up every key of <paramref name="keys"/>, writing each entry index (or -1) to <paramref name="indices"/> at the same position.</summary>
    public void LookupBurst(ReadOnlySpan<UInt128> keys, Span<int> indices)
    {
        if (indices.Length < keys.Length)
            ThrowShortIndices();
        for (int i = 0; i < keys.Length; i++)
        {
            Lookup(keys[i], out int index);
            indices[i] = index;
        }
    }

    /// <summary>Return the value of entry index <paramref name="index"/>, as a lookup on this same snapshot returned it.</summary>
    /// <remarks>Indices are reused between snapshots, so an index from one snapshot read against another is a torn read.</remarks>
    public ref readonly TValue GetValue(int index) => ref _values[index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortIndices() =>
        throw new ArgumentException("the index span is shorter than the key span", "indices");
}
