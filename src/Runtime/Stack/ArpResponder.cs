using Fastpath.Headers;

namespace Fastpath.Stack;

/// <summary>Answers ARP requests for the host's own IPv4 addresses on the fast path (RFC 826), turning each request into its reply in place.</summary>
/// <remarks>
/// The reply is the request with the roles swapped, so it fits the same buffer and keeps any VLAN
/// tags: the caller sends it back out of the port it came in on (<see cref="Verdict.Transmit"/>).
/// Written for a server's handful of addresses: a linear scan, cheaper than a hash below ~16.
/// </remarks>
public static class ArpResponder
{
    /// <summary>Turn an Ethernet/IPv4 ARP request for one of <paramref name="addresses"/> into the reply from <paramref name="mac"/>; false, the packet untouched, for anything else.</summary>
    public static bool TryReply(Ethernet ethernet, Arp arp, MacAddress mac, ReadOnlySpan<Ipv4Address> addresses)
    {
        // RFC 826 "Packet Reception": Ethernet hardware (1), IPv4 protocol, a request (1) for one of ours.
        if (arp.Operation != 1 || arp.HardwareType != 1 || arp.ProtocolType != EtherType.Ipv4 || !addresses.Contains(arp.TargetProtocolAddress))
            return false;
        MacAddress requester = arp.SenderHardwareAddress;
        Ipv4Address requesterAddress = arp.SenderProtocolAddress;
        Ipv4Address asked = arp.TargetProtocolAddress;
        arp.Operation = 2;
        arp.TargetHardwareAddress = requester;
        arp.TargetProtocolAddress = requesterAddress;
        arp.SenderHardwareAddress = mac;
        arp.SenderProtocolAddress = asked;
        ethernet.Destination = requester;
        ethernet.Source = mac;
        return true;
    }
}
