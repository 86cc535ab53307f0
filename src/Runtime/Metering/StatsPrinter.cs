using System.Diagnostics;

namespace Fastpath;

/// <summary>Writes a <see cref="StatsLine"/> every interval from a background thread: opt-in (nothing prints unless one is started) and stoppable.</summary>
/// <remarks>
/// The thread sleeps on an event between lines, so it costs nothing while it waits and
/// <see cref="Stop"/> returns promptly, without waiting out the interval. It reads counters only
/// through the registry, never touching a worker, so it cannot slow the data path beyond the
/// volatile reads of a sample.
/// </remarks>
public sealed class StatsPrinter : IDisposable
{
    private readonly CounterRegistry _registry;
    private readonly TextWriter _output;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    // One event per run, so a Stop racing a later Start can never wake or miss the wrong thread.
    private (Thread Thread, ManualResetEventSlim Stop)? _run;
    private Exception? _fault; // written by the printing thread, read by any

    /// <summary>Prepare to print the workers of <paramref name="registry"/> to <paramref name="output"/> every <paramref name="interval"/> (one second when omitted).</summary>
    public StatsPrinter(CounterRegistry registry, TextWriter output, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(output);
        _interval = interval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
        _registry = registry;
        _output = output;
    }

    /// <summary>Return whether the printer has been started and not stopped (see <see cref="Fault"/> for an early end).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
                return _run is not null;
        }
    }

    /// <summary>Return the error that ended printing early (the output was closed), or null.</summary>
    public Exception? Fault { get => Volatile.Read(ref _fault); private set => Volatile.Write(ref _fault, value); }

    /// <summary>Start printing; the first line comes one interval later, since a line compares two samples.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_run is not null)
                throw new InvalidOperationException("the stats printer is already running");
            var stop = new ManualResetEventSlim();
            var thread = new Thread(() => Run(stop)) { IsBackground = true, Name = "fastpath-stats" };
            _run = (thread, stop);
            Fault = null;
            thread.Start();
        }
    }

    /// <summary>Stop printing and wait for the thread to end; does nothing when not running.</summary>
    public void Stop()
    {
        (Thread Thread, ManualResetEventSlim Stop)? run;
        lock (_lock)
        {
            run = _run;
            _run = null;
        }
        if (run is not { } r)
            return;
        r.Stop.Set();
        r.Thread.Join();
        r.Stop.Dispose();
    }

    /// <summary>Stop printing.</summary>
    public void Dispose() => Stop();

    /// <summary>Return a monotonic timestamp in nanoseconds, the clock the printer stamps samples with.</summary>
    internal static long NowNs() => (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000_000 / Stopwatch.Frequency);

    private void Run(ManualResetEventSlim stop)
    {
        StatsSample previous = _registry.Sample(NowNs());
        while (!stop.Wait(_interval))
        {
            StatsSample current = _registry.Sample(NowNs());
            try
            {
                _output.WriteLine(StatsLine.Format(previous, current));
                _output.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A closed console or pipe ends the printing, not the process: the stats are optional, the packets are not.
                Fault = e;
                return;
            }
            previous = current;
        }
    }
}
