namespace Fastpath;

/// <summary>Publishes an engine's per-worker counters to the <c>Fastpath</c> meter (and so to <c>dotnet-counters</c> and the stats line).</summary>
/// <remarks>
/// The control thread copies each worker's <see cref="EngineCounters"/> and per-port packet and
/// byte counts into a <see cref="WorkerCounters"/> every <c>period</c>, so the data path does
/// nothing extra for the meter: the metrics lag by at most one period.
/// </remarks>
public sealed class EngineMetrics : IDisposable
{
    private readonly CounterRegistry _registry;
    private readonly Func<int, EngineCounters> _read;
    private readonly Func<int, int, (long RxPackets, long RxBytes, long TxPackets, long TxBytes)> _readPort;
    private readonly WorkerCounters[] _published;
    private readonly EngineCounters[] _seen;
    private readonly (long RxPackets, long RxBytes, long TxPackets, long TxBytes)[][] _seenPorts;

    private EngineMetrics(CounterRegistry registry, int[] portCounts, Func<int, EngineCounters> read,
        Func<int, int, (long, long, long, long)> readPort)
    {
        _registry = registry;
        _read = read;
        _readPort = readPort;
        _published = new WorkerCounters[portCounts.Length];
        _seen = new EngineCounters[portCounts.Length];
        _seenPorts = new (long, long, long, long)[portCounts.Length][];
        for (int i = 0; i < portCounts.Length; i++)
        {
            _published[i] = new WorkerCounters(i, portCounts[i]);
            _seen[i] = new EngineCounters();
            _seenPorts[i] = new (long, long, long, long)[portCounts[i]];
            registry.Register(_published[i]);
        }
    }

    /// <summary>Start publishing <paramref name="engine"/>'s counters to <paramref name="metrics"/> (the shared meter by default) every <paramref name="period"/>.</summary>
    public static EngineMetrics Publish<TPort, TProcessor>(Engine<TPort, TProcessor> engine, TimeSpan period, FastpathMetrics? metrics = null)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor
    {
        var publisher = new EngineMetrics((metrics ?? FastpathMetrics.Shared).Registry,
            [.. engine.Workers.Select(w => w.Ports.Length)],
            i => engine.Workers[i].Counters.Snapshot(),
            (i, port) => engine.Workers[i].PortCounters(port));
        engine.AddControlTask(period, publisher.Update);
        return publisher;
    }

    /// <summary>Return the counters published for <paramref name="worker"/>.</summary>
    public WorkerCounters this[int worker] => _published[worker];

    /// <summary>Copy what each worker counted since the last call; runs on the control thread (the only writer of the published counters).</summary>
    public void Update()
    {
        for (int i = 0; i < _published.Length; i++)
        {
            EngineCounters now = _read(i);
            EngineCounters was = _seen[i];
            WorkerCounters to = _published[i];
            for (int port = 0; port < to.PortCount; port++)
            {
                var p = _readPort(i, port);
                var q = _seenPorts[i][port];
                to.AddRx(port, (int)(p.RxPackets - q.RxPackets), p.RxBytes - q.RxBytes);
                to.AddTx(port, (int)(p.TxPackets - q.TxPackets), p.TxBytes - q.TxBytes);
                _seenPorts[i][port] = p;
            }
            to.AddDrop(DropReason.RuleDrop, (int)(now.Dropped - was.Dropped));
            to.AddDrop(DropReason.NoMatch, (int)(now.NoVerdict - was.NoVerdict));
            to.AddDrop(DropReason.BadPort, (int)(now.UnknownPort - was.UnknownPort));
            to.AddDrop(DropReason.SlowPathFull, (int)(now.SlowPathFull - was.SlowPathFull));
            to.AddDrop(DropReason.TxFull, (int)(now.TxFull - was.TxFull));
            to.AddDrop(DropReason.ActionFault, (int)(now.ActionFaults - was.ActionFaults));
            to.AddSlowPath((int)(now.SlowPath - was.SlowPath));
            to.AddPolls(now.EmptyPolls - was.EmptyPolls, (now.Polls - now.EmptyPolls) - (was.Polls - was.EmptyPolls), now.Sleeps - was.Sleeps);
            _seen[i] = now;
        }
    }

    /// <summary>Stop publishing: the workers' counters leave the meter.</summary>
    public void Dispose()
    {
        foreach (WorkerCounters counters in _published)
            _registry.Unregister(counters);
    }
}
