using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>An immutable ternary table (ternary, range, optional, LPM and exact fields of up to 128 bits in all), searched by tuple space search.</summary>
/// <remarks>
/// <para>
/// Every entry's non-range fields make one (value, mask) pattern, and the patterns are grouped by
/// mask, one hash table per distinct mask (a "tuple"). A lookup masks the key with each group's mask
/// and probes that group's hash: one probe per group instead of one compare per entry, so the cost
/// grows with the number of distinct masks, not of entries (Srinivasan, Suri and Varghese, SIGCOMM
/// 1999; Open vSwitch's classifier does the same).
/// </para>
/// <para>
/// Range fields are not part of the pattern: the entries that share a bucket are kept as a list,
/// best first, each with its intervals, and checked in order. Why not expand ranges into prefixes:
/// a range becomes up to 2w - 2 prefixes of different lengths, each a different mask, and the cost
/// of tuple space search is per mask. On a 1,000-rule ACL with port ranges, expansion made 266
/// groups; intervals in the bucket make one group per combination of the other fields' masks (at
/// most 40 there), and lookups got 1.3 to 4 times faster.
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
    private readonly TernaryRule[] _rules;

    // Per rule, (low, high) for each range field, in field order; and where each range field sits in the key.
    private readonly ulong[] _bounds;
    private readonly int[] _rangeShifts;
    private readonly ulong[] _rangeMasks;
    private readonly TValue[] _values;

    internal TernarySnapshot(TernaryGroup[] groups, TernarySlot[] slots, TernaryRule[] rules, ulong[] bounds, int[] rangeShifts, ulong[] rangeMasks, TValue[] values, int count)
    {
        _groups = groups;
        _slots = slots;
        _rules = rules;
        _bounds = bounds;
        _rangeShifts = rangeShifts;
        _rangeMasks = rangeMasks;
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
            int i = Mix.MultiplyShift(value, group.HashShift);
            while (true)
            {
                ref TernarySlot slot = ref Unsafe.Add(ref slots, group.SlotStart + i);
                if (slot.RuleCount == 0)
                    break;
                if (slot.Value == value)
                {
                    // The bucket's entries are in rank order: the first whose ranges hold the key is the group's answer.
                    int end = slot.RuleStart + slot.RuleCount;
                    for (int r = slot.RuleStart; r < end && _rules[r].Rank < bestRank; r++)
                    {
                        if (InRanges(key, r))
                        {
                            bestRank = _rules[r].Rank;
                            best = _rules[r].Index;
                            break;
                        }
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

    private bool InRanges(UInt128 key, int rule)
    {
        int[] shifts = _rangeShifts;
        int at = rule * 2 * shifts.Length;
        for (int f = 0; f < shifts.Length; f++, at += 2)
        {
            ulong v = (ulong)(key >> shifts[f]) & _rangeMasks[f];
            if (v < _bounds[at] || v > _bounds[at + 1])
                return false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortIndices() =>
        throw new ArgumentException("the index span is shorter than the key span", "indices");
}
