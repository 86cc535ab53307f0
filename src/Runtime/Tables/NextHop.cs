namespace Fastpath.Tables;

/// <summary>Where a route sends a packet: the next hop's MAC address and the output port.</summary>
/// <param name="Mac">The destination MAC address to write into the frame.</param>
/// <param name="Port">The port to transmit on.</param>
public readonly record struct NextHop(MacAddress Mac, ushort Port);
