using BenchmarkDotNet.Attributes;
using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;

namespace Fastpath.Benchmarks.DnsServer;

/// <summary>
/// examples/dns on one core. <c>Process</c> runs the server's rules over a burst of 32 query frames
/// (restored first, since each is answered in place): parse, one lookup, the prepared reply copied
/// and patched, the datagram turned around with its checksums. <c>RestoreOnly</c> is the copy alone,
/// so Process − RestoreOnly is the cost of answering. <c>Responder</c> is the DNS part alone.
/// The mix: exact hits with and without EDNS, a CNAME chain, a wildcard, NXDOMAIN, a referral.
/// </summary>
[MemoryDiagnoser]
public class DnsBenchmarks
{
    private BufferPool _pool = null!;
    private PacketBuffer[] _burst = [];
    private byte[][] _frames = [];
    private byte[][] _queries = [];
    private byte[] _scratch = new byte[2048];
    private DnsRules _rules;
    private Responder _responder = null!;

    [GlobalSetup]
    public void Setup()
    {
        string zone = Path.Combine(RepositoryRoot(), "examples", "dns", "zones", "example.com.zone");
        if (!ZoneLoader.TryLoad([zone], out Responder? responder, out List<string> errors))
            throw new InvalidOperationException(string.Join("\n", errors));
        _responder = responder!;
        var state = new ServerState(new MacAddress(0x02_00_00_00_00_53), [Ipv4Address.Parse("10.99.0.1")], [], 53) { Responder = responder };
        _rules = new DnsRules { State = state, Counters = new DnsCounters() };
        (string Name, ushort Type, bool Edns)[] mix =
        [
            ("host.example.com", 1, false), ("host.example.com", 28, true), ("example.com", 15, true), ("www.example.com", 1, false),
            ("anything.wild.example.com", 1, true), ("nope.example.com", 1, false), ("x.sub.example.com", 1, true), ("ns1.example.com", 1, true),
        ];
        _frames = [.. Enumerable.Range(0, Burst.MaxSize).Select(i => FrameBuilder.Build(new DnsQuery
        {
            DestinationMac = 0x02_00_00_00_00_53,
            SourceMac = 0x02_00_00_00_00_99,
            SourceAddress = [10, 99, 0, 2],
            DestinationAddress = [10, 99, 0, 1],
            SourcePort = (ushort)(40000 + i),
            Id = (ushort)i,
            QuestionName = mix[i % mix.Length].Name,
            QuestionType = mix[i % mix.Length].Type,
            Edns = mix[i % mix.Length].Edns,
        }))];
        // The DNS messages alone, for Responder: each frame's UDP payload (Ethernet 14 + IPv4 20 + UDP 8).
        _queries = [.. _frames.Select(f => f[42..(14 + ((f[16] << 8) | f[17]))])];
        _pool = new BufferPool(256);
        BufferCache cache = _pool.CreateCache();
        _burst = new PacketBuffer[Burst.MaxSize];
        for (int i = 0; i < _burst.Length; i++)
        {
            if (!cache.TryAlloc(out _burst[i]))
                throw new InvalidOperationException("pool too small");
        }
        _rules.BeginBurst();
        if (Process() != Burst.MaxSize * (int)VerdictKind.Transmit)
            throw new InvalidOperationException("every query should be answered");
    }

    /// <summary>Restore the burst's frames, then answer each: rules, lookup, reply, turn-around.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Burst.MaxSize)]
    public int Process()
    {
        int sum = 0;
        _rules.BeginBurst();
        for (int i = 0; i < _burst.Length; i++)
        {
            _burst[i].TryCopyFrom(_frames[i]);
            sum += (int)_rules.Process(_burst[i]).Kind;
        }
        return sum;
    }

    /// <summary>Restore the burst's frames only.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int RestoreOnly()
    {
        int sum = 0;
        for (int i = 0; i < _burst.Length; i++)
            sum += _burst[i].TryCopyFrom(_frames[i]) ? 1 : 0;
        return sum;
    }

    /// <summary>The DNS message alone: query in, reply out of the responder.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int Responder()
    {
        int sum = 0;
        foreach (byte[] query in _queries)
        {
            query.CopyTo(_scratch, 0);
            sum += _responder.Answer(_scratch, query.Length, out _);
        }
        return sum;
    }

    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Dsl.sln")))
                return dir;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
