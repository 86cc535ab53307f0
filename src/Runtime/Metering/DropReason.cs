namespace Fastpath;

/// <summary>Why the data path dropped a packet: every drop is counted under exactly one reason, so nothing vanishes uncounted.</summary>
/// <remarks>
/// The values index <see cref="WorkerCounters"/> and <see cref="StatsSample.Drops"/>; add new reasons
/// at the end so existing dashboards keep their meaning. <see cref="DropReasons.Name"/> gives the
/// short name used in the stats line and as the <c>reason</c> tag of <c>fastpath.drops</c>.
/// </remarks>
public enum DropReason : byte
{
    /// <summary>The parser rejected the frame (truncated, bad length, bad version…): bad input, counted, never thrown.</summary>
    ParseError = 0,

    /// <summary>A rule or table entry decided <see cref="VerdictKind.Drop"/>: policy, not an error.</summary>
    RuleDrop,

    /// <summary>No rule or entry decided, and the default action is drop.</summary>
    NoMatch,

    /// <summary>A meter marked the packet red and its action polices red packets.</summary>
    MeterRed,

    /// <summary>The transmit queue refused the packet even after a flush (the link or the peer is slower than we are).</summary>
    TxFull,

    /// <summary>An action needed a fresh buffer (a reply, a copy) and the pool was empty.</summary>
    NoBuffer,

    /// <summary>The packet was for the slow path but the queue to the control plane was full.</summary>
    SlowPathFull,

    /// <summary>A forward verdict named a port this worker does not own.</summary>
    BadPort,

    /// <summary>An action could not complete (a rewrite past the headroom or tailroom, a fault caught around the action).</summary>
    ActionFault,
}
