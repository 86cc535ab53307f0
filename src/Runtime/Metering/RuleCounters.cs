namespace Fastpath;

/// <summary>Packet and byte counts per rule or per table entry, one padded lane per worker, summed on read.</summary>
/// <remarks>
/// Each worker gets its own <see cref="RuleCounterLane"/> (its own <c>long[]</c>, padded 128 bytes at
/// both ends) and adds to it with plain writes; nothing is shared between workers on the data path.
/// Reads sum the lanes with volatile reads: approximate while workers run, exact once they stop.
/// The number of rules is fixed at construction: a table sizes this by its capacity, and the slot
/// of an entry is its index. Counts are never reset under a running worker (a reset would race the
/// worker's add and could be lost); to count from a point in time, keep the value read then and subtract.
/// </remarks>
public sealed class RuleCounters
{
    private readonly long[][] _lanes;

    /// <summary>Create counters for <paramref name="ruleCount"/> rules or entries, for <paramref name="workerCount"/> workers.</summary>
    public RuleCounters(int workerCount, int ruleCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(ruleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ruleCount, (Array.MaxLength - 2 * WorkerCounters.PadLongs) / 2);
        WorkerCount = workerCount;
        RuleCount = ruleCount;
        _lanes = new long[workerCount][];
        for (int w = 0; w < workerCount; w++)
            _lanes[w] = new long[WorkerCounters.PadLongs + ruleCount * 2 + WorkerCounters.PadLongs];
    }

    /// <summary>Return the number of workers.</summary>
    public int WorkerCount { get; }

    /// <summary>Return the number of rules or entries counted.</summary>
    public int RuleCount { get; }

    /// <summary>Return worker <paramref name="worker"/>'s lane, which only that worker's thread may add to.</summary>
    public RuleCounterLane Lane(int worker)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)worker, (uint)WorkerCount, nameof(worker));
        return new RuleCounterLane(_lanes[worker]);
    }

    /// <summary>Return the packets counted for <paramref name="rule"/>, summed over workers.</summary>
    public long Packets(int rule) => Sum(Slot(rule));

    /// <summary>Return the bytes counted for <paramref name="rule"/>, summed over workers.</summary>
    public long Bytes(int rule) => Sum(Slot(rule) + 1);

    /// <summary>Return worker <paramref name="worker"/>'s counter array, padding included, for tests of the layout.</summary>
    internal ReadOnlySpan<long> LaneSlab(int worker) => _lanes[worker];

    private int Slot(int rule)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rule, (uint)RuleCount, nameof(rule));
        return RuleCounterLane.SlotOf(rule);
    }

    private long Sum(int slot)
    {
        long sum = 0;
        foreach (long[] lane in _lanes)
            sum += Volatile.Read(ref lane[slot]);
        return sum;
    }
}
