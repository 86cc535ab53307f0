using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Fastpath.Tables;

namespace Fastpath.Benchmarks;

/// <summary>
/// Runtime table lookups per second: IPv4 LPM over a 500,000-route BGP-shaped table (random and
/// cache-friendly addresses, one at a time and by burst), exact match over a million 5-tuples beside
/// a Dictionary, ternary over 1,000 ACL rules (two orders) beside a linear rule scan; and the time to
/// rebuild the 500,000-route LPM snapshot, which is what any route change costs.
/// </summary>
/// <remarks>
/// Lookup methods run a batch of <see cref="Batch"/> keys and are reported per lookup
/// (<see cref="OperationsPerInvokeAttribute"/>); the Op/s column is lookups per second on one core.
/// Random lookups slide over a pool of <see cref="Pool"/> keys, a new batch per invocation: a fixed
/// batch of 1024 would touch only 1024 cache lines and stay cached, hiding the misses being measured.
/// Each method reads <see cref="Table{TKey, TValue, TSnapshot}.Current"/> once per batch, as a worker does per burst.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(OperationsPerSecondConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TableBenchmarks
{
    /// <summary>The number of lookups per invocation.</summary>
    public const int Batch = 1024;

    /// <summary>The number of IPv4 routes.</summary>
    public const int Routes = 500_000;

    /// <summary>The number of exact-match keys.</summary>
    public const int Flows = 1_000_000;

    /// <summary>The number of ternary rules.</summary>
    public const int Rules = 1000;

    /// <summary>How many distinct addresses the locality-heavy batches draw from (a few dozen busy destinations, as behind a DNS server).</summary>
    public const int WorkingSet = 64;

    /// <summary>How many random addresses or flow keys the batches slide over: far more cache lines than any cache holds, so random lookups really miss.</summary>
    public const int Pool = 1 << 22;

    private Lpm4Table<int> _lpm = null!;
    private Ipv4Address[] _randomAddresses = [];
    private int _randomAt;
    private Ipv4Address[] _localAddresses = [];
    private int[] _indices = new int[Batch];
    private TableUpdate<Ipv4Prefix, int>[] _rebuild = [];
    private int _rebuildValue;

    private ExactTable<FlowKey, int, DefaultKeyHasher<FlowKey>> _exact = null!;
    private Dictionary<FlowKey, int> _dictionary = [];
    private FlowKey[] _flowKeys = [];
    private int _flowAt;

    private TernaryTable<int> _ternaryMixed = null!, _ternarySpecific = null!;
    private AclRules _aclMixed = null!, _aclSpecific = null!;
    private UInt128[] _keysMixed = [], _keysSpecific = [];

    /// <summary>A config that adds lookups per second to the default columns.</summary>
    public sealed class OperationsPerSecondConfig : ManualConfig
    {
        /// <summary>Add the Op/s column.</summary>
        public OperationsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }

    /// <summary>Build the tables and the lookup batches, and check that each pair of methods agrees.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);

        // IPv4 LPM: 500k routes; random addresses over the unicast space, and a working set drawn from routed prefixes.
        Dictionary<Ipv4Prefix, int> routes = BgpRoutes.Create(Routes, seed: 1);
        _lpm = new Lpm4Table<int>(Routes + 1, maxGroups: 16384);
        if (!_lpm.TryReplaceAll(routes, out string error))
            throw new InvalidOperationException(error);
        _randomAddresses = [.. Enumerable.Range(0, Pool).Select(_ => new Ipv4Address((uint)random.NextInt64(0x0100_0000, 0xE000_0000)))];
        Ipv4Prefix[] prefixes = [.. routes.Keys];
        Ipv4Address[] working = [.. Enumerable.Range(0, WorkingSet).Select(_ =>
        {
            Ipv4Prefix p = prefixes[random.Next(prefixes.Length)];
            return new Ipv4Address(p.Address.Value | ((uint)random.Next() & ~p.Mask));
        })];
        _localAddresses = [.. Enumerable.Range(0, Batch).Select(_ => working[random.Next(WorkingSet)])];
        _rebuild = [TableUpdate<Ipv4Prefix, int>.Modify(prefixes[0], 0)];

        // Exact: a million flows, looked up in random order.
        _exact = new ExactTable<FlowKey, int, DefaultKeyHasher<FlowKey>>(Flows);
        var flows = new TableUpdate<FlowKey, int>[Flows];
        _dictionary = new Dictionary<FlowKey, int>(Flows);
        for (int i = 0; i < Flows; i++)
        {
            var key = new FlowKey((uint)random.Next(), (uint)random.Next(), (ushort)random.Next(), (ushort)random.Next(1, 1024), 17);
            flows[i] = TableUpdate<FlowKey, int>.Insert(key, i);
            _dictionary[key] = i;
        }
        if (_dictionary.Count != Flows || !_exact.TryApply(flows, out error))
            throw new InvalidOperationException("duplicate random flow key; change the seed");
        _flowKeys = [.. Enumerable.Range(0, Pool).Select(_ => flows[random.Next(Flows)].Key)];

        // Ternary: the same generator in two orders (see AclRules).
        (_aclMixed, _ternaryMixed, _keysMixed) = Acl(new AclRules(Rules, Batch, random));
        (_aclSpecific, _ternarySpecific, _keysSpecific) = Acl(new AclRules(Rules, Batch, random, specificFirst: true));

        // Guards: each method agrees with its baseline over the same batch (the sliding methods are rewound after each pair).
        if (Lpm4Random() != Rewind(ref _randomAt, Lpm4RandomBurst) || Lpm4Local() != Lpm4LocalBurst())
            throw new InvalidOperationException("single and burst LPM lookups disagree");
        if (ExactDictionary() != Rewind(ref _flowAt, ExactTable))
            throw new InvalidOperationException("the exact table and the Dictionary disagree");
        if (TernaryLinearScan() != TernaryTupleSpace() || TernaryLinearScanSpecificFirst() != TernaryTupleSpaceSpecificFirst())
            throw new InvalidOperationException("tuple space search and the linear rule scan disagree");
        _randomAt = _flowAt = 0;
    }

    /// <summary>Look up the next batch of random addresses one at a time: most miss the caches (the first level is 64 MiB).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4Random() => Lpm4Single(Next(_randomAddresses, ref _randomAt));

    /// <summary>Look up random addresses with <see cref="Lpm4Snapshot{TValue}.LookupBurst"/>.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4RandomBurst() => Lpm4Burst(Next(_randomAddresses, ref _randomAt));

    /// <summary>Look up addresses drawn from a small working set, one at a time: the entries stay in cache.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4Local() => Lpm4Single(_localAddresses);

    /// <summary>Look up the working-set addresses by burst.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4LocalBurst() => Lpm4Burst(_localAddresses);

    /// <summary>Rebuild and publish the 500,000-route snapshot, as any batch of route changes does.</summary>
    [Benchmark, BenchmarkCategory("Lpm4Rebuild")]
    public int Lpm4Rebuild()
    {
        // Alternate the value so each batch is a real modify.
        _rebuild[0] = _rebuild[0] with { Value = ++_rebuildValue };
        if (!_lpm.TryApply(_rebuild, out string error))
            throw new InvalidOperationException(error);
        return _lpm.Current.Count;
    }

    /// <summary>Look up the next batch of random flows in a million-entry <see cref="Dictionary{TKey, TValue}"/>, for comparison.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Exact")]
    public long ExactDictionary()
    {
        long sum = 0;
        foreach (FlowKey key in Next(_flowKeys, ref _flowAt))
            sum += _dictionary.TryGetValue(key, out int value) ? value : -1;
        return sum;
    }

    /// <summary>Look up the next batch of random flows in the million-entry exact table.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Exact")]
    public long ExactTable()
    {
        ExactSnapshot<FlowKey, int, DefaultKeyHasher<FlowKey>> snapshot = _exact.Current;
        long sum = 0;
        foreach (FlowKey key in Next(_flowKeys, ref _flowAt))
            sum += snapshot.Lookup(key, out int index) ? snapshot.GetValue(index) : -1;
        return sum;
    }

    /// <summary>Scan 1,000 rules in order until the first match, as a plain rule list does; broad rules anywhere in the list.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Ternary")]
    public long TernaryLinearScan() => LinearScan(_aclMixed);

    /// <summary>Look up the same packets in the 1,000-rule ternary table (tuple space search).</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Ternary")]
    public long TernaryTupleSpace() => TupleSpace(_ternaryMixed, _keysMixed);

    /// <summary>Scan 1,000 rules ordered most specific first (exceptions before the general case), so matches come late in the list.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("TernarySpecificFirst")]
    public long TernaryLinearScanSpecificFirst() => LinearScan(_aclSpecific);

    /// <summary>Look up the same packets in the ternary table holding the specific-first rules.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("TernarySpecificFirst")]
    public long TernaryTupleSpaceSpecificFirst() => TupleSpace(_ternarySpecific, _keysSpecific);

    private static long LinearScan(AclRules acl)
    {
        long sum = 0;
        AclEntry[] rules = acl.Rules;
        foreach ((uint source, uint destination, ushort port, byte protocol) in acl.Packets)
        {
            int found = -1;
            foreach (ref readonly AclEntry rule in rules.AsSpan())
            {
                if (rule.Matches(source, destination, port, protocol))
                {
                    found = rule.Index;
                    break;
                }
            }
            sum += found;
        }
        return sum;
    }

    private static long TupleSpace(TernaryTable<int> table, UInt128[] keys)
    {
        TernarySnapshot<int> snapshot = table.Current;
        long sum = 0;
        foreach (UInt128 key in keys)
            sum += snapshot.Lookup(key, out int index) ? snapshot.GetValue(index) : -1;
        return sum;
    }

    private static (AclRules, TernaryTable<int>, UInt128[]) Acl(AclRules acl)
    {
        var table = new TernaryTable<int>(AclRules.Fields, Rules);
        if (!table.TryApply(acl.Updates(), out string error))
            throw new InvalidOperationException(error);
        return (acl, table, acl.Keys());
    }

    // The next Batch items of a pool, wrapping around.
    private static ReadOnlySpan<T> Next<T>(T[] pool, ref int at)
    {
        ReadOnlySpan<T> batch = pool.AsSpan(at, Batch);
        at = (at + Batch) % pool.Length;
        return batch;
    }

    private static long Rewind(ref int at, Func<long> method)
    {
        at = (at - Batch + Pool) % Pool;
        return method();
    }

    private long Lpm4Single(ReadOnlySpan<Ipv4Address> addresses)
    {
        Lpm4Snapshot<int> snapshot = _lpm.Current;
        long sum = 0;
        foreach (Ipv4Address address in addresses)
            sum += snapshot.Lookup(address, out int index) ? index : -1;
        return sum;
    }

    private long Lpm4Burst(ReadOnlySpan<Ipv4Address> addresses)
    {
        Lpm4Snapshot<int> snapshot = _lpm.Current;
        snapshot.LookupBurst(addresses, _indices);
        long sum = 0;
        foreach (int index in _indices)
            sum += index;
        return sum;
    }
}
