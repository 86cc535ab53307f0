using System.Numerics;

namespace Fastpath.Tables;

/// <summary>An exact-match table over an unmanaged key (a flow 5-tuple, a MAC, a DNS name hash): a linear-probing hash, copied and patched on every batch.</summary>
/// <typeparam name="TKey">The key: an unmanaged struct compared with its own <see cref="IEquatable{T}"/>.</typeparam>
/// <typeparam name="TValue">The value a match yields.</typeparam>
/// <typeparam name="THasher">The key hasher, usually <see cref="DefaultKeyHasher{TKey}"/>.</typeparam>
public sealed class ExactTable<TKey, TValue, THasher> : Table<TKey, TValue, ExactSnapshot<TKey, TValue, THasher>>
    where TKey : unmanaged, IEquatable<TKey>
    where TValue : struct
    where THasher : struct, IKeyHasher<TKey>
{
    /// <summary>The largest capacity: twice it in slots must still fit an array.</summary>
    public const int MaxCapacity = 1 << 29;

    /// <summary>Create an empty table of up to <paramref name="capacity"/> keys, counted by <paramref name="workers"/> workers.</summary>
    /// <remarks>The slot array is the next power of two at or above twice the capacity, so the load factor never exceeds 0.5.</remarks>
    public ExactTable(int capacity, int workers = 1)
        : base(capacity, workers, new ExactSnapshot<TKey, TValue, THasher>(SlotsFor(capacity)))
    {
    }

    private protected override string? ValidateKey(TKey key) => null;

    private protected override bool TryBuild(
        ExactSnapshot<TKey, TValue, THasher> previous,
        IReadOnlyList<TableChange<TKey, TValue>> changes,
        IReadOnlyCollection<TableEntry<TKey, TValue>> entries,
        int indexLimit,
        out ExactSnapshot<TKey, TValue, THasher> snapshot,
        out string error)
    {
        snapshot = previous.With(changes, indexLimit);
        error = "";
        return true;
    }

    private static int SlotsFor(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        return (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2);
    }
}
