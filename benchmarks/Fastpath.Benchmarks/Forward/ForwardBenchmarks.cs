using BenchmarkDotNet.Attributes;
using Fastpath.Examples.Forward;
using Fastpath.Tables;

namespace Fastpath.Benchmarks.Forward;

/// <summary>
/// examples/forward's processors on one core. <c>Process</c> runs the generated parse + rules +
/// action over a burst of 32 buffers (restored from the template frames first, since L3 rewrites
/// TTL and MACs); <c>RestoreOnly</c> is that copy alone, so Process − RestoreOnly is the forwarding
/// cost excluding the port. <c>Worker</c> is the whole poll loop over a memory port that drops what
/// it transmits: receive (one memcpy per packet from the port's frame source), process, batch, send.
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const int WorkerPackets = 32 * 1024;

    private BufferPool _pool = null!;
    private BufferCache _cache = null!;
    private PacketBuffer[] _burst = [];
    private byte[][] _frames = [];
    private L2Forward _l2;
    private L3Forward _l3;
    private Worker<MemoryPort, L2Forward>? _l2Worker;
    private Worker<MemoryPort, L3Forward>? _l3Worker;

    /// <summary>L2 (MAC swap) or L3 (LPM route, TTL, checksum, MACs).</summary>
    [Params("L2", "L3")]
    public string Mode { get; set; } = "L2";

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BufferPool(8192);
        _cache = _pool.CreateCache();
        _frames = [.. SyntheticFrames.Create("dns", Burst.MaxSize, seed: 11)];
        _burst = new PacketBuffer[Burst.MaxSize];
        for (int i = 0; i < _burst.Length; i++)
        {
            if (!_cache.TryAlloc(out _burst[i]))
                throw new InvalidOperationException("pool too small");
        }
        // Routes as a router would have: a default, the synthetic destinations' /24, and 10k more specific prefixes.
        var routes = new Ipv4Routes();
        MacAddress portOne = new(0x0200_0000_0001);
        var entries = new List<KeyValuePair<Ipv4Routes.Key, Ipv4Routes.Action>>
        {
            new(new(Ipv4Prefix.Parse("0.0.0.0/0")), Ipv4Routes.Action.Forward(new MacAddress(0x02AA_0000_0000), portOne, 1)),
            new(new(Ipv4Prefix.Parse("192.0.2.0/24")), Ipv4Routes.Action.Forward(new MacAddress(0x02AA_0000_0001), portOne, 1)),
        };
        var random = new Random(1);
        for (int i = 0; i < 10_000; i++)
            entries.Add(new(new(new Ipv4Prefix(new Ipv4Address((uint)random.Next() & 0xFFFF_FF00), 24)), Ipv4Routes.Action.Forward(new MacAddress(0x02AA_0000_0002), new MacAddress(0x0200_0000_0000), 0)));
        if (!routes.TryReplaceAll(entries.DistinctBy(e => e.Key), out string error))
            throw new InvalidOperationException(error);
        _l2 = new L2Forward { PortCount = 2 };
        _l3 = new L3Forward { Routes = routes.CreateReader(0) };
        RestoreOnly();
        if (Process() != (Mode == "L2" ? 32 * 16 * (int)VerdictKind.Forward + 32 : 32 * 16 * (int)VerdictKind.Forward + 32))
            throw new InvalidOperationException("every packet should be forwarded to port 1");
    }

    /// <summary>Copy the 32 template frames into the buffers.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int RestoreOnly()
    {
        int sum = 0;
        for (int i = 0; i < _burst.Length; i++)
        {
            _burst[i].TryCopyFrom(_frames[i]);
            sum += _burst[i].Length;
        }
        return sum;
    }

    /// <summary>Restore, then forward each packet: parse, rules, action.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Burst.MaxSize)]
    public int Process()
    {
        int sum = 0;
        bool l2 = Mode == "L2";
        // Once per burst, as the worker does: the L3 rules take the routes table's snapshot here.
        if (l2)
            _l2.BeginBurst();
        else
            _l3.BeginBurst();
        for (int i = 0; i < _burst.Length; i++)
        {
            _burst[i].TryCopyFrom(_frames[i]);
            Verdict v = l2 ? _l2.Process(_burst[i]) : _l3.Process(_burst[i]);
            sum += (int)v.Kind * 16 + v.Port;
        }
        return sum;
    }

    [IterationSetup(Target = nameof(Worker))]
    public void SetupWorker()
    {
        MemoryPort[] ports =
        [
            new MemoryPort(new MemoryRing(1024), null, new FrameSource(_frames, WorkerPackets), _cache, MemoryPort.TransmitMode.Drop, 0),
            new MemoryPort(new MemoryRing(1024), null, null, _cache, MemoryPort.TransmitMode.Drop, 1),
        ];
        var options = new WorkerOptions { BusyPoll = true };
        _l2Worker = Mode == "L2" ? new Worker<MemoryPort, L2Forward>(ports, _l2, _cache, options) : null;
        _l3Worker = Mode == "L3" ? new Worker<MemoryPort, L3Forward>(ports, _l3, _cache, options) : null;
    }

    /// <summary>The whole worker loop over a memory port, per packet.</summary>
    [Benchmark(OperationsPerInvoke = WorkerPackets)]
    public long Worker()
    {
        EngineCounters counters = _l2Worker is not null ? _l2Worker.Run() : _l3Worker!.Run();
        if (counters.TxPackets != WorkerPackets)
            throw new InvalidOperationException($"sent {counters.TxPackets} of {WorkerPackets}");
        return counters.TxPackets;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.FreeBurst(_burst);
        _cache.Flush();
        _pool.Dispose();
    }
}
