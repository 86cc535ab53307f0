using System.Diagnostics;

namespace Fastpath;

/// <summary>One worker's packet counters: rx/tx per port, drops by reason, slow path, polls, sleeps and bursts.</summary>
/// <remarks>
/// <para>
/// The owning worker thread is the only writer, and writes with plain adds: no interlocked
/// instruction, no lock, no shared cache line (the shape of DPDK l2fwd's per-lcore
/// <c>port_statistics</c>). Every counter lives in one private <c>long[]</c> with
/// <see cref="PadLongs"/> longs (128 bytes, two cache lines, so the adjacent-line prefetcher does
/// not pair them either) of padding at each end, so no other object's data, in particular another
/// worker's counters, can share a cache line with a counter that is written.
/// </para>
/// <para>
/// Other threads (the control plane, <see cref="FastpathMetrics"/>, <see cref="StatsPrinter"/>) read
/// with <see cref="Volatile.Read(ref readonly long)">Volatile.Read</see> and sum across workers. A 64-bit read never
/// tears, but the counters of one worker are not read at one instant, so sums are approximate while
/// workers run (each value is one the counter really had, a little stale) and exact once they stop.
/// </para>
/// </remarks>
public sealed class WorkerCounters
{
    /// <summary>Padding at each end of the counter array, in longs: 128 bytes.</summary>
    internal const int PadLongs = 16;

    // Slab layout, in longs: [pad][bursts, empty polls, sleeps, slow path][drops by reason][per port: rx packets, rx bytes, tx packets, tx bytes][pad].
    // A port's four counters sit together so one burst's rx and tx updates touch one or two lines.
    private const int BurstsSlot = PadLongs;
    private const int EmptyPollsSlot = PadLongs + 1;
    private const int SleepsSlot = PadLongs + 2;
    private const int SlowPathSlot = PadLongs + 3;
    private const int DropsBase = PadLongs + 4;
    private const int PortStride = 4;

    private readonly long[] _slab;
    private readonly int _portBase;

    /// <summary>Create the counters of worker <paramref name="worker"/>, which polls <paramref name="portCount"/> ports (numbered from 0).</summary>
    public WorkerCounters(int worker, int portCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfLessThan(portCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(portCount, ushort.MaxValue + 1);
        Worker = worker;
        PortCount = portCount;
        _portBase = DropsBase + DropReasons.Count;
        _slab = new long[_portBase + portCount * PortStride + PadLongs];
    }

    /// <summary>Return the worker's number, used as the <c>worker</c> metric tag.</summary>
    public int Worker { get; }

    /// <summary>Return the number of ports counted.</summary>
    public int PortCount { get; }

    // ---- Owner side: called only by the worker thread, once per burst where possible. ----

    /// <summary>Count <paramref name="packets"/> received on <paramref name="port"/>, <paramref name="bytes"/> in all (owner thread only).</summary>
    public void AddRx(int port, int packets, long bytes)
    {
        Debug.Assert((uint)port < (uint)PortCount);
        int i = _portBase + port * PortStride;
        _slab[i] += packets;
        _slab[i + 1] += bytes;
    }

    /// <summary>Count <paramref name="packets"/> sent on <paramref name="port"/>, <paramref name="bytes"/> in all (owner thread only).</summary>
    public void AddTx(int port, int packets, long bytes)
    {
        Debug.Assert((uint)port < (uint)PortCount);
        int i = _portBase + port * PortStride + 2;
        _slab[i] += packets;
        _slab[i + 1] += bytes;
    }

    /// <summary>Count <paramref name="packets"/> dropped for <paramref name="reason"/> (owner thread only).</summary>
    public void AddDrop(DropReason reason, int packets = 1)
    {
        Debug.Assert((int)reason < DropReasons.Count);
        _slab[DropsBase + (int)reason] += packets;
    }

    /// <summary>Count <paramref name="packets"/> handed to the slow path (owner thread only).</summary>
    public void AddSlowPath(int packets = 1) => _slab[SlowPathSlot] += packets;

    /// <summary>Count one receive poll that returned no packets (owner thread only).</summary>
    public void AddEmptyPoll() => _slab[EmptyPollsSlot]++;

    /// <summary>Count one receive poll that returned at least one packet (owner thread only).</summary>
    public void AddBurst() => _slab[BurstsSlot]++;

    /// <summary>Count one time the worker slept or yielded because it found nothing to do (owner thread only).</summary>
    public void AddSleep() => _slab[SleepsSlot]++;

    /// <summary>Count empty polls, bursts and sleeps at once (owner thread only): for a publisher copying counts kept elsewhere.</summary>
    public void AddPolls(long emptyPolls, long bursts, long sleeps)
    {
        _slab[EmptyPollsSlot] += emptyPolls;
        _slab[BurstsSlot] += bursts;
        _slab[SleepsSlot] += sleeps;
    }

    // ---- Reader side: any thread; values are a little stale while the worker runs. ----

    /// <summary>Return the packets received on <paramref name="port"/>.</summary>
    public long RxPackets(int port) => Read(PortSlot(port));

    /// <summary>Return the bytes received on <paramref name="port"/>.</summary>
    public long RxBytes(int port) => Read(PortSlot(port) + 1);

    /// <summary>Return the packets sent on <paramref name="port"/>.</summary>
    public long TxPackets(int port) => Read(PortSlot(port) + 2);

    /// <summary>Return the bytes sent on <paramref name="port"/>.</summary>
    public long TxBytes(int port) => Read(PortSlot(port) + 3);

    /// <summary>Return the packets dropped for <paramref name="reason"/>.</summary>
    public long Drops(DropReason reason)
    {
        if ((int)reason >= DropReasons.Count)
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a drop reason");
        return Read(DropsBase + (int)reason);
    }

    /// <summary>Return the packets dropped for any reason.</summary>
    public long TotalDrops
    {
        get
        {
            long sum = 0;
            for (int r = 0; r < DropReasons.Count; r++)
                sum += Read(DropsBase + r);
            return sum;
        }
    }

    /// <summary>Return the packets handed to the slow path.</summary>
    public long SlowPathPackets => Read(SlowPathSlot);

    /// <summary>Return the receive polls that found nothing.</summary>
    public long EmptyPolls => Read(EmptyPollsSlot);

    /// <summary>Return the receive polls that found packets.</summary>
    public long Bursts => Read(BurstsSlot);

    /// <summary>Return how many times the worker slept or yielded.</summary>
    public long Sleeps => Read(SleepsSlot);

    /// <summary>Return the whole counter array, padding included, for tests of the layout.</summary>
    internal ReadOnlySpan<long> Slab => _slab;

    private int PortSlot(int port)
    {
        // Readers are the control plane: a bad port is a bug worth an exception there, unlike on the data path.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)port, (uint)PortCount, nameof(port));
        return _portBase + port * PortStride;
    }

    private long Read(int slot) => Volatile.Read(ref _slab[slot]);
}
