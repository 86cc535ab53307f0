namespace Fastpath.Tables;

/// <summary>An IPv6 longest-prefix-match table: multibit-trie snapshots (16-bit, then 8-bit strides) rebuilt from the prefix list on every batch.</summary>
/// <remarks>See <see cref="Lpm6Snapshot{TValue}"/> for why a trie, and <see cref="Lpm4Table{TValue}"/> for why a rebuild per batch.</remarks>
public sealed class Lpm6Table<TValue> : Table<Ipv6Prefix, TValue, Lpm6Snapshot<TValue>>
    where TValue : struct
{
    /// <summary>The default limit on trie nodes below the root (16 MiB of them).</summary>
    public const int DefaultMaxNodes = 16384;

    /// <summary>The largest capacity: an entry index has 30 bits in a trie entry.</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>The largest node limit: the whole trie must fit one array of 32-bit entries.</summary>
    public const int MaxNodeLimit = (int.MaxValue - Lpm6Snapshot<int>.RootSize) / Lpm6Snapshot<int>.NodeSize;

    /// <summary>Create an empty table of up to <paramref name="capacity"/> prefixes, counted by <paramref name="workers"/> workers, with up to <paramref name="maxNodes"/> trie nodes.</summary>
    public Lpm6Table(int capacity, int workers = 1, int maxNodes = DefaultMaxNodes)
        : base(CheckCapacity(capacity), workers, Empty(maxNodes))
    {
        MaxNodes = maxNodes;
    }

    /// <summary>Return the limit on trie nodes below the root; a batch that needs more fails.</summary>
    public int MaxNodes { get; }

    private protected override string? ValidateKey(Ipv6Prefix key) =>
        key.HasHostBits ? $"host bits set beyond /{key.Length} (the network is {key.Network})" : null;

    private protected override bool TryBuild(
        Lpm6Snapshot<TValue> previous,
        IReadOnlyList<TableChange<Ipv6Prefix, TValue>> changes,
        IReadOnlyCollection<TableEntry<Ipv6Prefix, TValue>> entries,
        int indexLimit,
        out Lpm6Snapshot<TValue> snapshot,
        out string error) =>
        Lpm6Builder.TryBuild(entries, indexLimit, MaxNodes, out snapshot, out error);

    private static int CheckCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        return capacity;
    }

    private static Lpm6Snapshot<TValue> Empty(int maxNodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNodes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxNodes, MaxNodeLimit);
        Lpm6Builder.TryBuild(Array.Empty<TableEntry<Ipv6Prefix, TValue>>(), 0, 0, out Lpm6Snapshot<TValue> empty, out _);
        return empty;
    }
}
