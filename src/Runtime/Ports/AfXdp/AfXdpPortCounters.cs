namespace Fastpath;

/// <summary>Packet counts of one af_xdp port, kept by its worker; others read them as approximate values.</summary>
public sealed class AfXdpPortCounters
{
    /// <summary>Frames taken from the rx ring and handed to the worker.</summary>
    public long RxPackets;

    /// <summary>Frames put on the tx ring.</summary>
    public long TxPackets;

    /// <summary>Sent frames the kernel gave back on the completion ring.</summary>
    public long TxCompleted;

    /// <summary>Frames refused because the tx ring was full (or not from this port's pool); the worker counts them as tx-full drops.</summary>
    public long TxRefused;

    /// <summary>sendto() calls made because the kernel asked for a wakeup on the tx ring.</summary>
    public long TxKicks;

    /// <summary>Kicks the kernel answered busy (EAGAIN, EBUSY, ENOBUFS): the frames stay queued for the next.</summary>
    public long TxKicksBusy;

    /// <summary>Kicks that failed otherwise (the interface went down, say).</summary>
    public long TxKickErrors;

    /// <summary>recvfrom() calls made because a zero-copy driver asked for a wakeup on the fill ring.</summary>
    public long FillWakeups;

    /// <summary>Times the pool had fewer free buffers than the fill ring wanted.</summary>
    public long FillShortfall;
}
