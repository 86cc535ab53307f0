namespace Fastpath;

/// <summary>Counter totals over all workers at one moment: the input of <see cref="StatsLine"/>, which compares two of them.</summary>
public sealed class StatsSample
{
    /// <summary>Create an all-zero sample stamped <paramref name="timestampNs"/> (nanoseconds, monotonic).</summary>
    public StatsSample(long timestampNs)
    {
        TimestampNs = timestampNs;
        Drops = new long[DropReasons.Count];
    }

    /// <summary>Return when the sample was taken, in nanoseconds from a monotonic clock.</summary>
    public long TimestampNs { get; }

    /// <summary>Return or set the packets received on every port.</summary>
    public long RxPackets { get; set; }

    /// <summary>Return or set the bytes received on every port.</summary>
    public long RxBytes { get; set; }

    /// <summary>Return or set the packets sent on every port.</summary>
    public long TxPackets { get; set; }

    /// <summary>Return or set the bytes sent on every port.</summary>
    public long TxBytes { get; set; }

    /// <summary>Return the drops, indexed by <see cref="DropReason"/>.</summary>
    public long[] Drops { get; }

    /// <summary>Return or set the packets handed to the slow path.</summary>
    public long SlowPathPackets { get; set; }

    /// <summary>Return or set the receive polls that found nothing.</summary>
    public long EmptyPolls { get; set; }

    /// <summary>Return or set the receive polls that found packets.</summary>
    public long Bursts { get; set; }

    /// <summary>Return or set how many times workers slept or yielded.</summary>
    public long Sleeps { get; set; }

    /// <summary>Return the drops for every reason.</summary>
    public long TotalDrops
    {
        get
        {
            long sum = 0;
            foreach (long d in Drops)
                sum += d;
            return sum;
        }
    }

    /// <summary>Add one worker's counters, read with volatile reads, to this sample.</summary>
    public void Add(WorkerCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        for (int p = 0; p < counters.PortCount; p++)
        {
            RxPackets += counters.RxPackets(p);
            RxBytes += counters.RxBytes(p);
            TxPackets += counters.TxPackets(p);
            TxBytes += counters.TxBytes(p);
        }
        for (int r = 0; r < Drops.Length; r++)
            Drops[r] += counters.Drops((DropReason)r);
        SlowPathPackets += counters.SlowPathPackets;
        EmptyPolls += counters.EmptyPolls;
        Bursts += counters.Bursts;
        Sleeps += counters.Sleeps;
    }
}
