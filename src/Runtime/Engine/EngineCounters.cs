using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>Packet and poll counts of one worker (or their sum): written only by the worker's thread, read by others as approximate values.</summary>
/// <remarks>
/// Every received or injected packet ends in exactly one of <see cref="TxPackets"/>, <see cref="SlowPath"/>
/// or a drop reason, so once a worker has stopped <c>RxPackets + Injected == TxPackets + SlowPath + Drops</c>
/// (l2fwd's <c>port_statistics</c>: nothing vanishes uncounted). The fields sit between two cache
/// lines of padding so that two workers' counters never share a line (sequential layout is kept
/// for a class without references; <c>EngineCountersTests</c> checks the offsets).
/// This is the engine's own minimal set; per-core meters with rates live apart and can absorb it.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public sealed class EngineCounters
{
#pragma warning disable CS0169 // padding: never read, it only keeps other objects off these cache lines
    private CacheLine _before;
#pragma warning restore CS0169

    /// <summary>Packets received from the ports.</summary>
    public long RxPackets;

    /// <summary>Packets the ports accepted for sending.</summary>
    public long TxPackets;

    /// <summary>Packets the processor dropped (<see cref="VerdictKind.Drop"/>).</summary>
    public long Dropped;

    /// <summary>Packets the processor left undecided (<see cref="VerdictKind.Continue"/>), dropped as the default.</summary>
    public long NoVerdict;

    /// <summary>Packets forwarded to a port this worker does not have, dropped.</summary>
    public long UnknownPort;

    /// <summary>Packets handed to the control plane.</summary>
    public long SlowPath;

    /// <summary>Packets for the control plane dropped because its ring was full.</summary>
    public long SlowPathFull;

    /// <summary>Packets a port refused to send (its transmit ring was full), dropped.</summary>
    public long TxFull;

    /// <summary>Packets whose processing threw (a bug in an action), dropped.</summary>
    public long ActionFaults;

    /// <summary>Packets the control plane queued for this worker to send (ARP and ICMP replies), taken from its inject ring.</summary>
    public long Injected;

    /// <summary>Frames the control plane could not inject: no free buffer, or the worker's inject ring was full (engine totals only).</summary>
    public long InjectFull;

    /// <summary>Poll rounds (one receive burst from each port).</summary>
    public long Polls;

    /// <summary>Poll rounds in which no port had a packet.</summary>
    public long EmptyPolls;

    /// <summary>Idle backoff steps: sleeps, yields or waits on a port.</summary>
    public long Sleeps;

    /// <summary>Slow-path packets the control plane handed to the callback (engine totals only).</summary>
    public long SlowPathHandled;

    /// <summary>Exceptions thrown by the slow-path callback or a control task (engine totals only).</summary>
    public long ControlFaults;

#pragma warning disable CS0169 // padding, as above
    private CacheLine _after;
#pragma warning restore CS0169

    /// <summary>Return all drops, whatever the reason.</summary>
    public long Drops => Dropped + NoVerdict + UnknownPort + SlowPathFull + TxFull + ActionFaults;

    /// <summary>Add <paramref name="other"/>'s counts to these.</summary>
    public void Add(EngineCounters other)
    {
        RxPackets += other.RxPackets;
        TxPackets += other.TxPackets;
        Dropped += other.Dropped;
        NoVerdict += other.NoVerdict;
        UnknownPort += other.UnknownPort;
        SlowPath += other.SlowPath;
        SlowPathFull += other.SlowPathFull;
        TxFull += other.TxFull;
        ActionFaults += other.ActionFaults;
        Polls += other.Polls;
        EmptyPolls += other.EmptyPolls;
        Sleeps += other.Sleeps;
        SlowPathHandled += other.SlowPathHandled;
        ControlFaults += other.ControlFaults;
        Injected += other.Injected;
        InjectFull += other.InjectFull;
    }

    /// <summary>Return a copy, so a reader sees one moment's values while the worker goes on.</summary>
    public EngineCounters Snapshot()
    {
        var copy = new EngineCounters();
        copy.Add(this);
        return copy;
    }

    /// <summary>Write the counts, one per line, skipping drop reasons that stayed at zero.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine($"rx {RxPackets}, tx {TxPackets}, slow path {SlowPath}, drops {Drops}" + (Injected > 0 ? $", injected {Injected}" : ""));
        (string, long)[] reasons =
        [
            ("dropped", Dropped), ("no verdict", NoVerdict), ("unknown port", UnknownPort),
            ("slow path full", SlowPathFull), ("tx full", TxFull), ("action fault", ActionFaults),
            ("control fault", ControlFaults), ("inject full", InjectFull),
        ];
        foreach ((string name, long count) in reasons)
        {
            if (count > 0)
                output.WriteLine($"  {name,-15} {count,12}");
        }
        output.WriteLine($"  polls {Polls} ({EmptyPolls} empty), idle sleeps {Sleeps}");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"rx {RxPackets} tx {TxPackets} slow {SlowPath} drops {Drops} (dropped {Dropped}, no verdict {NoVerdict}, unknown port {UnknownPort}, " +
        $"slow full {SlowPathFull}, tx full {TxFull}, faults {ActionFaults}) injected {Injected} polls {Polls} empty {EmptyPolls} sleeps {Sleeps}";

    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct CacheLine
    {
    }
}
