namespace Fastpath.Headers;

/// <summary>Ethernet type values (IEEE registry); any other value is kept as is.</summary>
public enum EtherType : ushort
{
    /// <summary>IPv4 (RFC 894).</summary>
    Ipv4 = 0x0800,
    /// <summary>ARP (RFC 826).</summary>
    Arp = 0x0806,
    /// <summary>802.1Q VLAN tag.</summary>
    Vlan = 0x8100,
    /// <summary>IPv6 (RFC 2464).</summary>
    Ipv6 = 0x86DD,
    /// <summary>MPLS unicast (RFC 3032).</summary>
    Mpls = 0x8847,
    /// <summary>802.1ad service tag (QinQ outer tag).</summary>
    QinQ = 0x88A8,
}
