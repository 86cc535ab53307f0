namespace Fastpath.Tables;

/// <summary>An IPv4 longest-prefix-match table (routes, blocklists): DIR-24-8 snapshots rebuilt from the prefix list on every batch.</summary>
/// <remarks>
/// A batch rebuilds the whole snapshot: simple, and obviously right about overlaps (a delete
/// uncovers the next less specific prefix because that prefix is simply written again). A rebuild
/// writes the 64 MiB first level once plus every covered range; TableBenchmarks measures it for a
/// 500,000-route table. Batch your updates: a hundred routes in one batch cost one rebuild.
/// </remarks>
public sealed class Lpm4Table<TValue> : Table<Ipv4Prefix, TValue, Lpm4Snapshot<TValue>>
    where TValue : struct
{
    /// <summary>The default limit on second-level groups (4 MiB of them): one per /24 that holds a longer prefix.</summary>
    public const int DefaultMaxGroups = 4096;

    /// <summary>The largest capacity: an entry index has 24 bits in a DIR-24-8 entry.</summary>
    public const int MaxCapacity = 1 << 24;

    /// <summary>Create an empty table of up to <paramref name="capacity"/> prefixes, counted by <paramref name="workers"/> workers, with up to <paramref name="maxGroups"/> second-level groups.</summary>
    public Lpm4Table(int capacity, int workers = 1, int maxGroups = DefaultMaxGroups)
        : base(CheckCapacity(capacity), workers, Empty(maxGroups))
    {
        MaxGroups = maxGroups;
    }

    /// <summary>Return the limit on second-level groups; a batch that needs more fails.</summary>
    public int MaxGroups { get; }

    private protected override string? ValidateKey(Ipv4Prefix key) =>
        key.HasHostBits ? $"host bits set beyond /{key.Length} (the network is {key.Network})" : null;

    private protected override bool TryBuild(
        Lpm4Snapshot<TValue> previous,
        IReadOnlyList<TableChange<Ipv4Prefix, TValue>> changes,
        IReadOnlyCollection<TableEntry<Ipv4Prefix, TValue>> entries,
        int indexLimit,
        out Lpm4Snapshot<TValue> snapshot,
        out string error) =>
        Lpm4Builder.TryBuild(entries, indexLimit, MaxGroups, out snapshot, out error);

    private static int CheckCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        return capacity;
    }

    private static Lpm4Snapshot<TValue> Empty(int maxGroups)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxGroups);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxGroups, MaxCapacity);
        Lpm4Builder.TryBuild(Array.Empty<TableEntry<Ipv4Prefix, TValue>>(), 0, 0, out Lpm4Snapshot<TValue> empty, out _);
        return empty;
    }
}
