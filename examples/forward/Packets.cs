using Fastpath.Headers;

namespace Fastpath.Examples.Forward;

/// <summary>What the L2 forwarder reads: the Ethernet header, nothing deeper (a switch does not parse IP).</summary>
[Parser(typeof(Ethernet))]
public ref partial struct L2Packet
{
}

/// <summary>What the router reads: Ethernet, then IPv4 (checked: version, IHL, total length) or ARP; IPv6 is accepted at the Ethernet layer and not routed.</summary>
[Parser(typeof(Ethernet))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x0800, typeof(Ipv4))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x0806, typeof(Arp))]
public ref partial struct L3Packet
{
}
