namespace Fastpath;

/// <summary>An ethdev's own counters, from <c>rte_eth_stats_get</c>.</summary>
/// <param name="InputPackets">Packets received by the device.</param>
/// <param name="OutputPackets">Packets sent by the device.</param>
/// <param name="InputBytes">Bytes received.</param>
/// <param name="OutputBytes">Bytes sent.</param>
/// <param name="InputMissed">Packets the device dropped because its rx ring was full.</param>
/// <param name="InputErrors">Erroneous packets received.</param>
/// <param name="OutputErrors">Packets the device failed to send.</param>
/// <param name="ReceiveNoBuffer">Receives that found no mbuf in the pool.</param>
public readonly record struct DpdkPortStatistics(
    long InputPackets, long OutputPackets, long InputBytes, long OutputBytes,
    long InputMissed, long InputErrors, long OutputErrors, long ReceiveNoBuffer);
