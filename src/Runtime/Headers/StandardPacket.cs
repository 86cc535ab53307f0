namespace Fastpath.Headers;

/// <summary>
/// The standard parse graph: Ethernet, up to two VLAN tags (802.1Q or QinQ), up to four MPLS labels,
/// ARP, IPv4 with options, IPv6 with up to four extension headers and a fragment header, ICMP,
/// ICMPv6 with NDP neighbor messages, TCP with options, UDP, DNS on port 53 and VXLAN on port 4789.
/// </summary>
/// <remarks>
/// An IPv4 or IPv6 fragment stops at the IP layer with its data as payload: a later fragment holds
/// no transport header, and the first one's transport length counts bytes that are not in it.
/// Reassembly, then a parse of the whole datagram, is the caller's.
/// </remarks>
[Parser(typeof(Ethernet))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x8100, typeof(Vlan))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x88A8, typeof(Vlan))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x0800, typeof(Ipv4))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x86DD, typeof(Ipv6))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x0806, typeof(Arp))]
[Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x8847, typeof(Mpls))]
[Stack(typeof(Vlan), 2)]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x8100, typeof(Vlan))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x0800, typeof(Ipv4))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x86DD, typeof(Ipv6))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x0806, typeof(Arp))]
[Select(typeof(Vlan), nameof(Vlan.EtherType), 0x8847, typeof(Mpls))]
[Stack(typeof(Mpls), 4)]
[Select(typeof(Mpls), nameof(Mpls.BottomOfStack), 0, typeof(Mpls))]
[SelectRange(typeof(Ipv4), nameof(Ipv4.FragmentOffset), 1, 0x1FFF, typeof(Accept))]
[Select(typeof(Ipv4), nameof(Ipv4.MoreFragments), 1, typeof(Accept))]
[Select(typeof(Ipv4), nameof(Ipv4.Protocol), 6, typeof(Tcp))]
[Select(typeof(Ipv4), nameof(Ipv4.Protocol), 17, typeof(Udp))]
[Select(typeof(Ipv4), nameof(Ipv4.Protocol), 1, typeof(Icmpv4))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 0, typeof(Ipv6Extension))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 43, typeof(Ipv6Extension))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 60, typeof(Ipv6Extension))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 44, typeof(Ipv6Fragment))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 6, typeof(Tcp))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 17, typeof(Udp))]
[Select(typeof(Ipv6), nameof(Ipv6.NextHeader), 58, typeof(Icmpv6))]
[Stack(typeof(Ipv6Extension), 4)]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 0, typeof(Ipv6Extension))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 43, typeof(Ipv6Extension))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 60, typeof(Ipv6Extension))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 44, typeof(Ipv6Fragment))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 6, typeof(Tcp))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 17, typeof(Udp))]
[Select(typeof(Ipv6Extension), nameof(Ipv6Extension.NextHeader), 58, typeof(Icmpv6))]
[SelectRange(typeof(Ipv6Fragment), nameof(Ipv6Fragment.FragmentOffset), 1, 0x1FFF, typeof(Accept))]
[Select(typeof(Ipv6Fragment), nameof(Ipv6Fragment.MoreFragments), 1, typeof(Accept))]
[Select(typeof(Ipv6Fragment), nameof(Ipv6Fragment.NextHeader), 6, typeof(Tcp))]
[Select(typeof(Ipv6Fragment), nameof(Ipv6Fragment.NextHeader), 17, typeof(Udp))]
[Select(typeof(Ipv6Fragment), nameof(Ipv6Fragment.NextHeader), 58, typeof(Icmpv6))]
[Select(typeof(Icmpv6), nameof(Icmpv6.Type), 135, typeof(NdpNeighbor))]
[Select(typeof(Icmpv6), nameof(Icmpv6.Type), 136, typeof(NdpNeighbor))]
[Select(typeof(Udp), nameof(Udp.DestinationPort), 53, typeof(Dns))]
[Select(typeof(Udp), nameof(Udp.DestinationPort), 4789, typeof(Vxlan))]
public ref partial struct StandardPacket
{
}
