namespace Fastpath;

/// <summary>Datagram counts of one UDP port; owned by its worker, read by others as approximate values.</summary>
/// <remarks>
/// Receive: every datagram that reached the socket is delivered (<see cref="RxPackets"/>), dropped
/// as <see cref="RxTruncated"/>, dropped by the kernel for a full receive buffer
/// (<see cref="KernelDropped"/>), or still waiting in the socket. Transmit: every frame the port accepts is either sent
/// (<see cref="TxPackets"/>) or dropped under exactly one reason; frames it does not accept (the
/// socket buffer is full) go back to the caller, which counts them as tx-full.
/// </remarks>
public sealed class UdpPortCounters
{
    /// <summary>Datagrams delivered as frames.</summary>
    public long RxPackets;

    /// <summary>Datagrams dropped because they were larger than a buffer's room less the synthetic headers.</summary>
    public long RxTruncated;

    /// <summary>Receive calls that failed with an error other than "nothing to read".</summary>
    public long RxErrors;

    /// <summary>Receive polls that found no free buffer in the cache (the datagrams wait in the socket).</summary>
    public long RxNoBuffer;

    /// <summary>Datagrams the kernel dropped because the socket's receive buffer was full, as of the last <see cref="UdpPort.ReadKernelStatistics"/>.</summary>
    public long KernelDropped;

    /// <summary>Datagrams sent.</summary>
    public long TxPackets;

    /// <summary>Frames dropped on transmit because they are not UDP over IP (other protocols, IP fragments, frames the parser rejects).</summary>
    public long TxNotUdp;

    /// <summary>Frames dropped on transmit because their IP version is not the socket's (IPv4 on an IPv6 port, or the reverse).</summary>
    public long TxWrongFamily;

    /// <summary>Frames dropped on transmit because they were addressed to the port itself (a program that does not swap addresses would loop forever).</summary>
    public long TxToSelf;

    /// <summary>Frames dropped because the kernel refused to send them (no route, a bad address, a firewall).</summary>
    public long TxErrors;

    /// <summary>Return all frames dropped on transmit, whatever the reason.</summary>
    public long TxDropped => TxNotUdp + TxWrongFamily + TxToSelf + TxErrors;
}
