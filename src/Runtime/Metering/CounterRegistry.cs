namespace Fastpath;

/// <summary>The workers whose counters are live: registered when a worker starts, unregistered when it stops, read by metrics and the stats line.</summary>
/// <remarks>
/// Registration is rare and takes a lock; readers take the current array with one volatile read
/// and never lock (copy-on-write, the engine's rule for anything the control plane publishes).
/// <see cref="FastpathMetrics.Shared"/> holds the process's registry; create another only to keep
/// an engine (or a test) apart from it.
/// </remarks>
public sealed class CounterRegistry
{
    private readonly Lock _lock = new();
    private WorkerCounters[] _workers = [];

    /// <summary>Return the registered counters, in registration order (a snapshot: later registrations do not change it).</summary>
    public IReadOnlyList<WorkerCounters> Workers => Volatile.Read(ref _workers);

    /// <summary>Add a worker's counters (at engine start); a worker number may be registered once at a time.</summary>
    public void Register(WorkerCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_lock)
        {
            foreach (WorkerCounters w in _workers)
            {
                // Two live workers with one number would report the same metric tags twice.
                if (w.Worker == counters.Worker)
                    throw new ArgumentException($"worker {counters.Worker} is already registered", nameof(counters));
            }
            Volatile.Write(ref _workers, [.. _workers, counters]);
        }
    }

    /// <summary>Remove a worker's counters (at engine stop); return false when they were not registered.</summary>
    public bool Unregister(WorkerCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_lock)
        {
            int i = Array.IndexOf(_workers, counters);
            if (i < 0)
                return false;
            Volatile.Write(ref _workers, [.. _workers.AsSpan(0, i), .. _workers.AsSpan(i + 1)]);
            return true;
        }
    }

    /// <summary>Sum every registered worker's counters into a new sample stamped <paramref name="timestampNs"/>.</summary>
    public StatsSample Sample(long timestampNs)
    {
        var sample = new StatsSample(timestampNs);
        foreach (WorkerCounters w in Volatile.Read(ref _workers))
            sample.Add(w);
        return sample;
    }
}
