namespace Fastpath;

/// <summary>Packet counts of one dpdk port, kept by its worker; others read them as approximate values.</summary>
public sealed class DpdkPortCounters
{
    /// <summary>Packets received and handed to the program.</summary>
    public long RxPackets;

    /// <summary>Packets the device took for sending.</summary>
    public long TxPackets;

    /// <summary>Multi-segment packets received and dropped (a PacketBuffer is one contiguous room).</summary>
    public long RxChained;
}
