using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Fastpath.Tables;

namespace Fastpath.Benchmarks;

/// <summary>
/// Runtime table lookups per second: IPv4 LPM over a 500,000-route BGP-shaped table (random and
/// cache-friendly addresses, one at a time and by burst), exact match over a million 5-tuples beside
/// a Dictionary, ternary over 1,000 ACL rules beside a linear rule scan; and the time to rebuild the
/// 500,000-route LPM snapshot, which is what any route change costs.
/// </summary>
/// <remarks>
/// Lookup methods run a batch of <see cref="Batch"/> keys and are reported per lookup
/// (<see cref="OperationsPerInvokeAttribute"/>); the Op/s column is lookups per second on one core.
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

    private Lpm4Table<int> _lpm = null!;
    private Ipv4Address[] _randomAddresses = [];
    private Ipv4Address[] _localAddresses = [];
    private int[] _indices = new int[Batch];
    private TableUpdate<Ipv4Prefix, int>[] _rebuild = [];
    private int _rebuildValue;

    private ExactTable<FlowKey, int, DefaultKeyHasher<FlowKey>> _exact = null!;
    private Dictionary<FlowKey, int> _dictionary = [];
    private FlowKey[] _flowKeys = [];

    private TernaryTable<int> _ternary = null!;
    private AclEntry[] _acl = [];
    private UInt128[] _aclKeys = [];
    private (uint Source, uint Destination, ushort Port, byte Protocol)[] _aclPackets = [];

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
        _randomAddresses = [.. Enumerable.Range(0, Batch).Select(_ => new Ipv4Address((uint)random.NextInt64(0x0100_0000, 0xE000_0000)))];
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
        _flowKeys = [.. Enumerable.Range(0, Batch).Select(_ => flows[random.Next(Flows)].Key)];

        SetupAcl(random);

        if (Lpm4Random() != Lpm4RandomBurst() || Lpm4Local() != Lpm4LocalBurst())
            throw new InvalidOperationException("single and burst LPM lookups disagree");
        if (ExactDictionary() != ExactTable())
            throw new InvalidOperationException("the exact table and the Dictionary disagree");
        if (TernaryLinearScan() != TernaryTupleSpace())
            throw new InvalidOperationException("tuple space search and the linear rule scan disagree");
    }

    /// <summary>Look up random addresses one at a time: most miss the caches (the first level is 64 MiB).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4Random() => Lpm4Single(_randomAddresses);

    /// <summary>Look up random addresses with <see cref="Lpm4Snapshot{TValue}.LookupBurst"/>.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Lpm4")]
    public long Lpm4RandomBurst() => Lpm4Burst(_randomAddresses);

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

    /// <summary>Look up a million-entry <see cref="Dictionary{TKey, TValue}"/>, for comparison.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Exact")]
    public long ExactDictionary()
    {
        long sum = 0;
        foreach (FlowKey key in _flowKeys)
            sum += _dictionary.TryGetValue(key, out int value) ? value : -1;
        return sum;
    }

    /// <summary>Look up the million-entry exact table.</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Exact")]
    public long ExactTable()
    {
        ExactSnapshot<FlowKey, int, DefaultKeyHasher<FlowKey>> snapshot = _exact.Current;
        long sum = 0;
        foreach (FlowKey key in _flowKeys)
            sum += snapshot.Lookup(key, out int index) ? snapshot.GetValue(index) : -1;
        return sum;
    }

    /// <summary>Scan 1,000 priority-sorted rules until the first match, as a plain rule list does.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Ternary")]
    public long TernaryLinearScan()
    {
        long sum = 0;
        AclEntry[] acl = _acl;
        foreach ((uint source, uint destination, ushort port, byte protocol) in _aclPackets)
        {
            int found = -1;
            foreach (ref readonly AclEntry rule in acl.AsSpan())
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

    /// <summary>Look up the same packets in the 1,000-rule ternary table (tuple space search).</summary>
    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Ternary")]
    public long TernaryTupleSpace()
    {
        TernarySnapshot<int> snapshot = _ternary.Current;
        long sum = 0;
        foreach (UInt128 key in _aclKeys)
            sum += snapshot.Lookup(key, out int index) ? snapshot.GetValue(index) : -1;
        return sum;
    }

    private long Lpm4Single(Ipv4Address[] addresses)
    {
        Lpm4Snapshot<int> snapshot = _lpm.Current;
        long sum = 0;
        foreach (Ipv4Address address in addresses)
            sum += snapshot.Lookup(address, out int index) ? index : -1;
        return sum;
    }

    private long Lpm4Burst(Ipv4Address[] addresses)
    {
        Lpm4Snapshot<int> snapshot = _lpm.Current;
        snapshot.LookupBurst(addresses, _indices);
        long sum = 0;
        foreach (int index in _indices)
            sum += index;
        return sum;
    }

    // 1,000 ACL rules: source and destination prefixes of common lengths, a destination port (exact,
    // a well-known range or any) and a protocol (TCP, UDP or any); priorities from the rule order.
    private void SetupAcl(Random random)
    {
        KeyField[] fields =
        [
            new("src", 64, 32, MatchKind.Ternary),
            new("dst", 32, 32, MatchKind.Ternary),
            new("dport", 8, 16, MatchKind.Range),
            new("proto", 0, 8, MatchKind.Optional),
        ];
        _ternary = new TernaryTable<int>(fields, Rules);
        int[] lengths = [0, 8, 16, 24, 32];
        (ushort, ushort)[] ports = [(0, 65535), (53, 53), (80, 80), (443, 443), (1024, 65535), (0, 1023), (8000, 8999)];
        byte[] protocols = [6, 17];
        var updates = new List<TableUpdate<TernaryKey, int>>();
        var acl = new List<AclEntry>();
        for (int i = 0; i < Rules; i++)
        {
            int srcLength = lengths[random.Next(lengths.Length)], dstLength = lengths[1 + random.Next(lengths.Length - 1)];
            uint srcMask = Ipv4Prefix.MaskOf(srcLength), dstMask = Ipv4Prefix.MaskOf(dstLength);
            uint src = 0x0A000000u | (uint)random.Next(1 << 16) << 8 & srcMask, dst = 0xC0A80000u | (uint)random.Next(1 << 12) << 4 & dstMask;
            (ushort low, ushort high) = ports[random.Next(ports.Length)];
            bool anyProtocol = random.Next(3) == 0;
            byte protocol = anyProtocol ? (byte)0 : protocols[random.Next(2)];
            int priority = Rules - i; // the first rule wins, as in a rule list
            updates.Add(TableUpdate<TernaryKey, int>.Insert(
                new TernaryKey(priority,
                    FieldMatch.Ternary(src & srcMask, srcMask),
                    FieldMatch.Ternary(dst & dstMask, dstMask),
                    FieldMatch.Range(low, high),
                    anyProtocol ? FieldMatch.Any : FieldMatch.Optional(protocol)),
                i));
            acl.Add(new AclEntry(src & srcMask, srcMask, dst & dstMask, dstMask, low, high, protocol, anyProtocol ? (byte)0 : (byte)0xFF, i));
        }
        if (!_ternary.TryApply(updates, out string error))
            throw new InvalidOperationException(error);
        _acl = [.. acl];

        // Packets: a rule's addresses with random host bits, a common port and protocol; some match nothing better than a /0 rule, some nothing at all.
        _aclPackets = [.. Enumerable.Range(0, Batch).Select(_ =>
        {
            AclEntry rule = acl[random.Next(acl.Count)];
            uint source = rule.Source | ((uint)random.Next() & ~rule.SourceMask);
            uint destination = rule.Destination | ((uint)random.Next() & ~rule.DestinationMask);
            ushort port = (ushort)(random.Next(4) == 0 ? random.Next(65536) : ports[random.Next(1, 4)].Item1);
            byte protocol = random.Next(8) == 0 ? (byte)1 : protocols[random.Next(2)];
            return (source, destination, port, protocol);
        })];
        _aclKeys = [.. _aclPackets.Select(p => fields[0].Place(p.Source) | fields[1].Place(p.Destination) | fields[2].Place(p.Port) | fields[3].Place(p.Protocol))];
    }
}
