using Fastpath.Headers;

namespace Fastpath.Benchmarks;

/// <summary>
/// The parse graph a DNS server on the fast path needs: Ethernet, one optional 802.1Q tag, IPv4 or
/// IPv6, UDP, and the DNS header when the destination port is 53. Everything else is accepted
/// with fewer headers, and the benchmark folds what it finds.
/// </summary>
[Parser(typeof(Ethernet))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x8100, typeof(Vlan))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x0800, typeof(Ipv4))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x86DD, typeof(Ipv6))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x0800, typeof(Ipv4))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x86DD, typeof(Ipv6))]
[Select(typeof(Ipv4), nameof(Ipv4.Protocol), 17, typeof(Udp))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 17, typeof(Udp))]
[Select(typeof(Udp), nameof(Udp.DestinationPort), 53, typeof(Dns))]
public ref partial struct DnsQueryPacket
{
}
