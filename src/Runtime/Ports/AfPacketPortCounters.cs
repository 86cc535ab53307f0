namespace Fastpath;

/// <summary>Frame counts of one AF_PACKET port; owned by its worker, read by others as approximate values.</summary>
/// <remarks>
/// Receive: every frame taken from the ring is delivered (<see cref="RxPackets"/>), dropped as
/// <see cref="RxOversized"/>, or skipped as <see cref="RxOutgoing"/>; the kernel's own count (<see cref="KernelPackets"/>, read with
/// <see cref="AfPacketPort.ReadKernelStatistics"/>) adds the frames it dropped because the ring was
/// full (<see cref="KernelDrops"/>). So once the ring is drained,
/// <c>KernelPackets == RxPackets + RxOversized + RxOutgoing + KernelDrops</c>. Transmit: every frame the port
/// accepts is queued on the tx ring (<see cref="TxPackets"/>) or dropped under one reason.
/// </remarks>
public sealed class AfPacketPortCounters
{
    /// <summary>Frames delivered (copied from the ring into buffers).</summary>
    public long RxPackets;

    /// <summary>Frames dropped because they (with their VLAN tag put back) did not fit a buffer's room.</summary>
    public long RxOversized;

    /// <summary>Outgoing frames skipped on receive (a fanout group on a kernel without PACKET_FANOUT_FLAG_IGNORE_OUTGOING, which cannot ignore them itself).</summary>
    public long RxOutgoing;

    /// <summary>Receive polls that found a frame but no free buffer in the cache (the frame waits in the ring).</summary>
    public long RxNoBuffer;

    /// <summary>Frames the kernel passed to this socket, its drops included (<c>tp_packets</c>, summed over reads).</summary>
    public long KernelPackets;

    /// <summary>Frames the kernel dropped because the receive ring had no free block (<c>tp_drops</c>).</summary>
    public long KernelDrops;

    /// <summary>Times the kernel found the ring full and froze it until a block was released (<c>tp_freeze_q_cnt</c>).</summary>
    public long KernelFreezes;

    /// <summary>Frames queued on the transmit ring for the kernel to send.</summary>
    public long TxPackets;

    /// <summary>Frames dropped on transmit because they are shorter than an Ethernet header.</summary>
    public long TxRunts;

    /// <summary>Frames dropped on transmit because they are longer than the interface's MTU allows.</summary>
    public long TxOversized;

    /// <summary>Frames the kernel marked as malformed on the transmit ring (its <c>TP_STATUS_WRONG_FORMAT</c>).</summary>
    public long TxWrongFormat;

    /// <summary>Kicks (<c>send</c>) of the transmit ring the kernel refused with an error other than "busy"; their frames stay queued.</summary>
    public long TxKickErrors;

    /// <summary>Return all frames dropped on transmit, whatever the reason.</summary>
    public long TxDropped => TxRunts + TxOversized + TxWrongFormat;
}
