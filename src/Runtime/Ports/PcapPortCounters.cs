namespace Fastpath;

/// <summary>Packet counts of one pcap port; owned by its worker, read by others as approximate values.</summary>
public sealed class PcapPortCounters
{
    /// <summary>Packets received (read from the input capture into buffers).</summary>
    public long RxPackets;

    /// <summary>Packets transmitted (written to the output capture, or discarded when there is none).</summary>
    public long TxPackets;

    /// <summary>Transmitted packets discarded because the port has no output capture.</summary>
    public long TxDropped;

    /// <summary>Input records skipped because they were larger than a buffer's room.</summary>
    public long Oversized;
}
