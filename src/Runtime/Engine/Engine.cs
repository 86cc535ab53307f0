using System.Diagnostics;

namespace Fastpath;

/// <summary>Runs one <see cref="Worker{TPort, TProcessor}"/> per core on its own thread, plus a control-plane thread that serves the slow path and runs periodic tasks.</summary>
/// <remarks>
/// <para>
/// The caller builds each worker (its cache, its ports, its processor) in a factory that gets the
/// worker's index, so a multi-queue port can open queue <c>i</c> for worker <c>i</c>; for memory
/// and pcap ports one worker is typical. Workers share nothing on the data path: each sends
/// slow-path packets on its own single-producer/single-consumer ring, which only the control thread
/// reads. The control thread hands each packet to <see cref="EngineOptions.SlowPath"/>, frees it back
/// to its worker's pool (one lock per burst, off the data path) and runs the tasks added with
/// <see cref="AddControlTask"/> when they are due: table snapshot publishing, stats.
/// </para>
/// <para>
/// <see cref="Run"/> returns when every worker has finished, because it was stopped or because all
/// its ports were exhausted (the end of a capture, a memory port's count), with the final counts.
/// </para>
/// </remarks>
public sealed class Engine<TPort, TProcessor>
    where TPort : struct, IPort
    where TProcessor : struct, IPacketProcessor
{
    private readonly Worker<TPort, TProcessor>[] _workers;
    private readonly int[]? _cores;
    private readonly SlowPathHandler? _slowPath;
    private readonly TimeSpan _controlIdleSleep;
    private readonly List<ControlTask> _tasks = [];
    private readonly ManualResetEventSlim _workersDone = new();
    private readonly EngineCounters _control = new();
    private readonly PacketBuffer[] _injectBuffer = new PacketBuffer[1]; // the control thread's, reused
    private int _started;

    /// <summary>Create an engine whose workers come from <paramref name="createWorker"/>, called with indexes 0 to <see cref="EngineOptions.Workers"/> − 1.</summary>
    /// <exception cref="ArgumentException">The options name a core this process may not run on; the message lists those it may.</exception>
    public Engine(EngineOptions options, Func<int, Worker<TPort, TProcessor>> createWorker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createWorker);
        if (options.Workers < 1)
            throw new ArgumentException($"an engine needs at least one worker, not {options.Workers}", nameof(options));
        if (options.Cores is { } cores)
        {
            // Checked here so that a bad core list fails before any thread or port is touched.
            for (int i = 0; i < cores.Count; i++)
            {
                if (CpuAffinity.Check(cores[i]) is { } problem)
                    throw new ArgumentException($"worker {i}: {problem}", nameof(options));
                if (cores.Take(i).Contains(cores[i]))
                    throw new ArgumentException($"worker {i}: core {cores[i]} is already given to another worker; a worker polls without pause, so two on one core starve each other", nameof(options));
            }
            _cores = [.. cores];
        }
        _slowPath = options.SlowPath;
        _controlIdleSleep = options.ControlIdleSleep;
        _workers = new Worker<TPort, TProcessor>[options.Workers];
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = createWorker(i) ?? throw new InvalidOperationException($"the worker factory returned null for worker {i}");
    }

    /// <summary>Return the workers, by index.</summary>
    public IReadOnlyList<Worker<TPort, TProcessor>> Workers => _workers;

    /// <summary>Return the last exception the slow-path callback or a control task threw, kept for diagnosis.</summary>
    public Exception? LastControlFault { get; private set; }

    /// <summary>Run <paramref name="task"/> on the control thread every <paramref name="period"/> while the engine runs (publish a table snapshot, print stats).</summary>
    /// <remarks>Add tasks before <see cref="Run"/>. A task that throws is counted as a control fault and runs again next period.</remarks>
    public void AddControlTask(TimeSpan period, Action task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        if (Volatile.Read(ref _started) != 0)
            throw new InvalidOperationException("control tasks are added before the engine runs");
        _tasks.Add(new ControlTask(task, (long)(period.TotalSeconds * Stopwatch.Frequency)));
    }

    /// <summary>Ask every worker to finish; <see cref="Run"/> returns once they have flushed. Safe from any thread, and before <see cref="Run"/>.</summary>
    public void Stop()
    {
        foreach (Worker<TPort, TProcessor> worker in _workers)
            worker.Stop();
    }

    /// <summary>Queue <paramref name="frame"/> for worker <paramref name="worker"/> to send out of <paramref name="port"/> (an ARP or ICMP reply the control plane built); false, counted as <see cref="EngineCounters.InjectFull"/>, when no buffer is free or the worker's inject ring is full.</summary>
    /// <remarks>Call it only on the control thread (from the slow-path handler or a control task): each worker's inject ring has that one producer.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">No such worker.</exception>
    public bool Inject(int worker, ushort port, ReadOnlySpan<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(worker, _workers.Length);
        Worker<TPort, TProcessor> target = _workers[worker];
        Span<PacketBuffer> one = _injectBuffer;
        if (!target.Cache.Pool.TryAllocBulk(one))
        {
            _control.InjectFull++;
            return false;
        }
        PacketBuffer buffer = one[0];
        if (!buffer.TryCopyFrom(frame))
        {
            target.Cache.Pool.FreeBulk(one);
            throw new ArgumentException($"a {frame.Length}-byte frame does not fit a {buffer.Capacity - buffer.Headroom}-byte buffer", nameof(frame));
        }
        buffer.Port = port;
        if (target.InjectRing.Enqueue(one) == 1)
            return true;
        target.Cache.Pool.FreeBulk(one);
        _control.InjectFull++;
        return false;
    }

    /// <summary>Return the sum of all workers' counters and the control plane's, as of now.</summary>
    public EngineCounters Totals()
    {
        EngineCounters sum = _control.Snapshot();
        foreach (Worker<TPort, TProcessor> worker in _workers)
            sum.Add(worker.Counters);
        return sum;
    }

    /// <summary>Start the workers (pinned when cores were given) and the control thread, wait until the workers finish, drain the slow path, and return the totals.</summary>
    /// <exception cref="InvalidOperationException">A worker could not be pinned, or a worker's loop failed (a port threw); the message says which and why.</exception>
    public EngineCounters Run()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("an engine runs once");

        var failures = new Exception?[_workers.Length];
        using var pinned = new CountdownEvent(_workers.Length);
        using var go = new ManualResetEventSlim();
        var threads = new Thread[_workers.Length];
        for (int i = 0; i < _workers.Length; i++)
        {
            int index = i;
            threads[i] = new Thread(() => WorkerMain(index, pinned, go, failures))
            {
                Name = _cores is null ? $"fastpath-worker-{i}" : $"fastpath-worker-{i}@core{_cores[i]}",
                IsBackground = true,
            };
            threads[i].Start();
        }

        // Every worker pins itself first; if one cannot, none polls, and Run says why.
        pinned.Wait();
        bool pinFailed = failures.Any(f => f is not null);
        if (pinFailed)
            Stop();
        go.Set();

        var control = new Thread(ControlMain) { Name = "fastpath-control", IsBackground = true };
        control.Start();
        foreach (Thread thread in threads)
            thread.Join();
        _workersDone.Set();
        control.Join();
        // Replies the control plane injected after a worker had finished are freed here, counted as not injected.
        PacketBuffer[] leftovers = new PacketBuffer[Burst.MaxSize];
        foreach (Worker<TPort, TProcessor> worker in _workers)
        {
            int n;
            while ((n = worker.InjectRing.Dequeue(leftovers)) != 0)
            {
                worker.Cache.Pool.FreeBulk(leftovers.AsSpan(0, n));
                _control.InjectFull += n;
            }
        }

        Exception[] errors = [.. failures.OfType<Exception>()];
        if (errors.Length > 0)
        {
            string what = pinFailed ? "could not pin its thread" : "failed";
            string details = string.Join("; ", failures.Select((f, i) => f is null ? null : $"worker {i}: {f.Message}").Where(s => s is not null));
            throw new InvalidOperationException($"the engine stopped because a worker {what}: {details}", errors.Length == 1 ? errors[0] : new AggregateException(errors));
        }
        return Totals();
    }

    private void WorkerMain(int index, CountdownEvent pinned, ManualResetEventSlim go, Exception?[] failures)
    {
        Worker<TPort, TProcessor> worker = _workers[index];
        try
        {
            if (_cores is not null)
                CpuAffinity.PinCurrentThread(_cores[index]);
        }
        catch (Exception e)
        {
            failures[index] = e;
            worker.Stop();
        }
        pinned.Signal();
        go.Wait();
        try
        {
            // A stopped worker returns at once, after freeing its cache, so a failed start leaks nothing.
            worker.Run();
        }
        catch (Exception e)
        {
            failures[index] ??= e;
            // One worker down means the run's results are wrong: stop the rest rather than run on.
            Stop();
        }
    }

    private void ControlMain()
    {
        long[] due = new long[_tasks.Count];
        long start = Stopwatch.GetTimestamp();
        for (int t = 0; t < due.Length; t++)
            due[t] = start + _tasks[t].PeriodTicks;
        PacketBuffer[] burst = new PacketBuffer[Burst.MaxSize];
        while (!_workersDone.IsSet)
        {
            int handled = DrainSlowPath(burst);
            long now = Stopwatch.GetTimestamp();
            for (int t = 0; t < due.Length; t++)
            {
                if (now >= due[t])
                {
                    RunTask(_tasks[t].Action);
                    due[t] = now + _tasks[t].PeriodTicks;
                }
            }
            if (handled == 0)
                _workersDone.Wait(_controlIdleSleep);
        }
        // The workers are gone, so what is left on the rings is all there will be.
        while (DrainSlowPath(burst) != 0)
        {
        }
    }

    private int DrainSlowPath(PacketBuffer[] burst)
    {
        int total = 0;
        for (int w = 0; w < _workers.Length; w++)
        {
            Worker<TPort, TProcessor> worker = _workers[w];
            int n = worker.SlowPathRing.Dequeue(burst);
            if (n == 0)
                continue;
            if (_slowPath is not null)
            {
                for (int i = 0; i < n; i++)
                {
                    try
                    {
                        _slowPath(w, burst[i]);
                        _control.SlowPathHandled++;
                    }
                    catch (Exception e)
                    {
                        _control.ControlFaults++;
                        LastControlFault = e;
                    }
                }
            }
            // Straight to the pool: the worker's cache belongs to the worker's thread.
            worker.Cache.Pool.FreeBulk(burst.AsSpan(0, n));
            total += n;
        }
        return total;
    }

    private void RunTask(Action task)
    {
        try
        {
            task();
        }
        catch (Exception e)
        {
            _control.ControlFaults++;
            LastControlFault = e;
        }
    }

    private sealed record ControlTask(Action Action, long PeriodTicks);
}
