namespace Fastpath.Tables;

/// <summary>Builds an IPv6 trie snapshot from the full list of prefixes.</summary>
/// <remarks>
/// Shortest first, as for IPv4: a prefix is written over every entry it covers at the level where
/// it ends, and a node is created, as 256 copies of the entry it replaces, the first time a longer
/// prefix has to pass through that entry. Shortest-first order guarantees that the entries a prefix
/// covers at its last level are results, never child pointers: a child there would belong to a
/// longer prefix, and none has been written yet.
/// </remarks>
internal static class Lpm6Builder
{
    public static bool TryBuild<TValue>(
        IReadOnlyCollection<TableEntry<Ipv6Prefix, TValue>> entries,
        int indexLimit,
        int maxNodes,
        out Lpm6Snapshot<TValue> snapshot,
        out string error)
        where TValue : struct
    {
        const int root = Lpm6Snapshot<TValue>.RootSize;
        const int node = Lpm6Snapshot<TValue>.NodeSize;

        var starts = new int[130];
        foreach (TableEntry<Ipv6Prefix, TValue> entry in entries)
            starts[entry.Key.Length + 1]++;
        for (int i = 1; i < starts.Length; i++)
            starts[i] += starts[i - 1];
        var sorted = new TableEntry<Ipv6Prefix, TValue>[entries.Count];
        var values = new TValue[indexLimit];
        foreach (TableEntry<Ipv6Prefix, TValue> entry in entries)
        {
            sorted[starts[entry.Key.Length]++] = entry;
            values[entry.Index] = entry.Value;
        }

        // Grown by doubling while building, then copied once into a pinned array of the final size.
        var trie = new uint[root + 16 * node];
        int nodes = 0;
        foreach (TableEntry<Ipv6Prefix, TValue> entry in sorted)
        {
            UInt128 bits = entry.Key.Bits;
            int length = entry.Key.Length;
            uint result = Lpm6Snapshot<TValue>.Valid | (uint)entry.Index;
            if (length <= 16)
            {
                trie.AsSpan((int)(bits >> 112), 1 << (16 - length)).Fill(result);
                continue;
            }
            int slot = (int)(bits >> 112);
            int remaining = length - 16;
            for (int octet = 2; ; octet++)
            {
                if ((trie[slot] & Lpm6Snapshot<TValue>.Child) == 0)
                {
                    if (nodes == maxNodes)
                    {
                        snapshot = null!;
                        error = $"{entry.Key}: out of trie nodes (the table allows {maxNodes} of 1 KiB; "
                            + "each distinct 8-bit step below /16 that a prefix takes needs one)";
                        return false;
                    }
                    int start = root + nodes * node;
                    if (start + node > trie.Length)
                        Array.Resize(ref trie, root + (int)Math.Min(2L * (trie.Length - root), (long)maxNodes * node));
                    trie.AsSpan(start, node).Fill(trie[slot]);
                    trie[slot] = Lpm6Snapshot<TValue>.Child | (uint)nodes;
                    nodes++;
                }
                int nodeStart = root + (int)(trie[slot] & Lpm6Snapshot<TValue>.IndexMask) * node;
                int b = (int)(bits >> (120 - 8 * octet)) & 0xFF;
                if (remaining <= 8)
                {
                    // The host bits are zero, so b is the first octet value the prefix covers.
                    trie.AsSpan(nodeStart + b, 1 << (8 - remaining)).Fill(result);
                    break;
                }
                slot = nodeStart + b;
                remaining -= 8;
            }
        }

        uint[] pinned = GC.AllocateUninitializedArray<uint>(root + nodes * node, pinned: true);
        trie.AsSpan(0, pinned.Length).CopyTo(pinned);
        snapshot = new Lpm6Snapshot<TValue>(pinned, nodes, values, entries.Count);
        error = "";
        return true;
    }
}
