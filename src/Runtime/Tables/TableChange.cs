namespace Fastpath.Tables;

/// <summary>What a batch did to one key, all of its updates folded together: what was installed before and what is after.</summary>
/// <remarks>Exactly one of these holds: only <see cref="Old"/> (deleted), only <see cref="New"/> (inserted), both (modified, same index).</remarks>
internal readonly record struct TableChange<TKey, TValue>(TKey Key, TableEntry<TKey, TValue>? Old, TableEntry<TKey, TValue>? New)
    where TKey : notnull
    where TValue : struct;
