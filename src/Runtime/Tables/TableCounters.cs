namespace Fastpath.Tables;

/// <summary>The per-entry hit counters of one table: one lane per worker, summed when the control plane reads them.</summary>
/// <remarks>
/// Each worker increments only its own lane, with plain (not interlocked) adds: one writer per
/// cache line needs no atomics, and no two workers' counters share a line (l2fwd's per-port
/// statistics do the same). The counters live beside the table, not in its snapshots, and are
/// indexed by <see cref="TableEntry{TKey, TValue}.Index"/>, which an entry keeps for as long as it
/// is installed; so publishing a new snapshot loses no counts.
/// </remarks>
public sealed class TableCounters
{
    // 64 bytes of longs before and after each lane's counts: the lanes are separate heap objects
    // that the GC may place (and move) next to each other, and the pad keeps every cache line that
    // holds one worker's counts free of another's.
    private const int Pad = 8;

    private readonly long[][] _lanes;

    // What an index's sums were when its current entry was inserted: indices are reused after a
    // delete, and subtracting this baseline starts the new entry at zero without the control plane
    // ever writing into a worker's lane (a write there would race with the worker's increment).
    private readonly long[] _baseline;

    internal TableCounters(int capacity, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Capacity = capacity;
        _lanes = new long[workers][];
        for (int i = 0; i < workers; i++)
            _lanes[i] = new long[Pad + 2 * capacity + Pad];
        _baseline = new long[2 * capacity];
    }

    /// <summary>Return the number of lanes, one per worker.</summary>
    public int Workers => _lanes.Length;

    /// <summary>Return how many entry indices the counters cover (the table's capacity).</summary>
    public int Capacity { get; }

    /// <summary>Return worker <paramref name="worker"/>'s lane; a worker takes it once and keeps it.</summary>
    public TableCounterLane Lane(int worker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(worker, _lanes.Length);
        return new TableCounterLane(_lanes[worker], Pad);
    }

    /// <summary>Sum the lanes for entry index <paramref name="index"/> since its entry was inserted.</summary>
    /// <remarks>Workers keep counting while this runs, so the sum is a moment's reading, not a consistent cut across lanes.</remarks>
    public HitCount Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        (long packets, long bytes) = Sum(index);
        return new HitCount(packets - _baseline[2 * index], bytes - _baseline[2 * index + 1]);
    }

    // Called by the table, under its control-plane lock, when a new entry takes the index.
    internal void Restart(int index)
    {
        (long packets, long bytes) = Sum(index);
        _baseline[2 * index] = packets;
        _baseline[2 * index + 1] = bytes;
    }

    private (long Packets, long Bytes) Sum(int index)
    {
        long packets = 0, bytes = 0;
        int at = Pad + 2 * index;
        foreach (long[] lane in _lanes)
        {
            // Volatile so the loop re-reads memory the workers write; an aligned 64-bit read is atomic on 64-bit targets.
            packets += Volatile.Read(ref lane[at]);
            bytes += Volatile.Read(ref lane[at + 1]);
        }
        return (packets, bytes);
    }
}
