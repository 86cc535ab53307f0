namespace Fastpath.Tables;

/// <summary>Builds a DIR-24-8 snapshot from the full list of prefixes.</summary>
/// <remarks>
/// Prefixes are written shortest first, each over every entry it covers, so a more specific prefix
/// overwrites a less specific one wherever they overlap, and deleting a prefix (rebuilding without
/// it) leaves the next less specific cover in its place. A group is created when the first prefix
/// longer than /24 lands in its first-level entry; by then every prefix of /24 or shorter has been
/// written, so the group starts as 256 copies of the entry it replaces (the covering result).
/// </remarks>
internal static class Lpm4Builder
{
    public static bool TryBuild<TValue>(
        IReadOnlyCollection<TableEntry<Ipv4Prefix, TValue>> entries,
        int indexLimit,
        int maxGroups,
        out Lpm4Snapshot<TValue> snapshot,
        out string error)
        where TValue : struct
    {
        // Counting sort by length (0..32): stable, linear, and the order the fill needs.
        var starts = new int[34];
        foreach (TableEntry<Ipv4Prefix, TValue> entry in entries)
            starts[entry.Key.Length + 1]++;
        for (int i = 1; i < starts.Length; i++)
            starts[i] += starts[i - 1];
        var sorted = new (uint Address, int Length, int Index)[entries.Count];
        var values = new TValue[indexLimit];
        foreach (TableEntry<Ipv4Prefix, TValue> entry in entries)
        {
            sorted[starts[entry.Key.Length]++] = (entry.Key.Address.Value, entry.Key.Length, entry.Index);
            values[entry.Index] = entry.Value;
        }

        // Count the groups first, so that an overflow is reported before 64 MiB is touched, and
        // the group array is allocated once at its final size.
        int longStart = starts[24]; // after the loop above, starts[n] is the end of length n's run
        var groupOf = new Dictionary<uint, int>();
        for (int i = longStart; i < sorted.Length; i++)
        {
            uint slot = sorted[i].Address >> 8;
            if (groupOf.ContainsKey(slot))
                continue;
            if (groupOf.Count == maxGroups)
            {
                snapshot = null!;
                error = $"{new Ipv4Prefix(new Ipv4Address(sorted[i].Address), sorted[i].Length)}: out of second-level groups "
                    + $"(the table allows {maxGroups}; each /24 holding a longer prefix needs one)";
                return false;
            }
            groupOf.Add(slot, groupOf.Count);
        }

        uint[] tbl24 = GC.AllocateArray<uint>(Lpm4Snapshot<TValue>.Tbl24Size, pinned: true);
        uint[] tbl8 = GC.AllocateArray<uint>(groupOf.Count * Lpm4Snapshot<TValue>.GroupSize, pinned: true);
        Span<uint> first = tbl24;
        for (int i = 0; i < longStart; i++)
        {
            (uint address, int length, int index) = sorted[i];
            first.Slice((int)(address >> 8), 1 << (24 - length)).Fill(Result(length, index));
        }
        for (int i = longStart; i < sorted.Length; i++)
        {
            (uint address, int length, int index) = sorted[i];
            int slot = (int)(address >> 8);
            int group;
            if ((first[slot] & Lpm4Snapshot<TValue>.Group) == 0)
            {
                group = groupOf[(uint)slot];
                tbl8.AsSpan(group * Lpm4Snapshot<TValue>.GroupSize, Lpm4Snapshot<TValue>.GroupSize).Fill(first[slot]);
                first[slot] = Lpm4Snapshot<TValue>.Group | (uint)group;
            }
            else
            {
                group = (int)(first[slot] & Lpm4Snapshot<TValue>.IndexMask);
            }
            tbl8.AsSpan(group * Lpm4Snapshot<TValue>.GroupSize + (int)(address & 0xFF), 1 << (32 - length)).Fill(Result(length, index));
        }

        snapshot = new Lpm4Snapshot<TValue>(tbl24, tbl8, groupOf.Count, values, entries.Count);
        error = "";
        return true;
    }

    private static uint Result(int length, int index) =>
        Lpm4Snapshot<int>.Valid | ((uint)length << Lpm4Snapshot<int>.DepthShift) | (uint)index;
}
