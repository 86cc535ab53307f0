namespace Fastpath;

/// <summary>How a worker polls, idles, batches transmits and reaches the control plane.</summary>
public sealed class WorkerOptions
{
    /// <summary>Keep polling when there is no traffic instead of backing off (lowest latency, one core at 100%).</summary>
    public bool BusyPoll { get; init; }

    /// <summary>How many empty poll rounds in a row before the worker starts to back off (l3fwd-power waits a similar run of idle polls before it sleeps).</summary>
    public int IdlePollsBeforeSleep { get; init; } = 64;

    /// <summary>The longest single idle sleep or port wait, which also bounds how late an idle worker sees <c>Stop</c>.</summary>
    public TimeSpan MaxIdleSleep { get; init; } = TimeSpan.FromMilliseconds(4);

    /// <summary>How long a partial transmit batch may wait for company while traffic flows (l3fwd's <c>BURST_TX_DRAIN_US</c>); zero sends every batch at the end of each poll round.</summary>
    public TimeSpan TxDrainInterval { get; init; } = TimeSpan.FromMicroseconds(100);

    /// <summary>The number of slots in the ring to the control plane, a power of two.</summary>
    public int SlowPathRingSize { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IdlePollsBeforeSleep, nameof(IdlePollsBeforeSleep));
        if (MaxIdleSleep < TimeSpan.FromMilliseconds(1) || MaxIdleSleep > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(MaxIdleSleep), MaxIdleSleep, "the longest idle sleep is between 1 ms and 1 s");
        if (TxDrainInterval < TimeSpan.Zero || TxDrainInterval > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(TxDrainInterval), TxDrainInterval, "the transmit drain interval is between 0 and 1 s");
        if (SlowPathRingSize < 2 || (SlowPathRingSize & (SlowPathRingSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(SlowPathRingSize), SlowPathRingSize, "the slow-path ring size is a power of two, at least 2");
    }
}
