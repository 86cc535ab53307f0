namespace Fastpath.Tables;

/// <summary>An installed entry: its key, its value, the index lookups return for it, and when it was inserted.</summary>
/// <param name="Key">The entry's key.</param>
/// <param name="Value">The entry's value (next hop, action data).</param>
/// <param name="Index">The index a lookup returns: into the snapshot's values and the hit counters; stable while the entry is installed.</param>
/// <param name="Sequence">The order of insertion, table-wide; ternary lookups use it to break ties between equal priorities.</param>
public readonly record struct TableEntry<TKey, TValue>(TKey Key, TValue Value, int Index, long Sequence)
    where TKey : notnull
    where TValue : struct;
