namespace Fastpath;

/// <summary>Publishes an engine's per-worker counters to the <c>Fastpath</c> meter (and so to <c>dotnet-counters</c> and the stats line).</summary>
/// <remarks>
/// The control thread copies each worker's <see cref="EngineCounters"/> into a
/// <see cref="WorkerCounters"/> every <c>period</c>, so the data path does nothing extra: the
/// metrics lag by at most one period. What the engine does not count per port (it counts per
/// worker) is reported on port 0, and bytes are not counted on the data path, so they read 0.
/// </remarks>
public sealed class EngineMetrics : IDisposable
{
    private readonly CounterRegistry _registry;
    private readonly Func<int, EngineCounters> _read;
    private readonly WorkerCounters[] _published;
    private readonly EngineCounters[] _seen;

    private EngineMetrics(CounterRegistry registry, int workers, Func<int, EngineCounters> read)
    {
        _registry = registry;
        _read = read;
        _published = new WorkerCounters[workers];
        _seen = new EngineCounters[workers];
        for (int i = 0; i < workers; i++)
        {
            _published[i] = new WorkerCounters(i, portCount: 1);
            _seen[i] = new EngineCounters();
            registry.Register(_published[i]);
        }
    }

    /// <summary>Start publishing <paramref name="engine"/>'s counters to <paramref name="metrics"/> (the shared meter by default) every <paramref name="period"/>.</summary>
    public static EngineMetrics Publish<TPort, TProcessor>(Engine<TPort, TProcessor> engine, TimeSpan period, FastpathMetrics? metrics = null)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor
    {
        var publisher = new EngineMetrics((metrics ?? FastpathMetrics.Shared).Registry, engine.Workers.Count, i => engine.Workers[i].Counters.Snapshot());
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
            to.AddRx(0, (int)(now.RxPackets - was.RxPackets), 0);
            to.AddTx(0, (int)(now.TxPackets - was.TxPackets), 0);
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
