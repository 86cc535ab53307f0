namespace Fastpath.Headers;

/// <summary>IP protocol and IPv6 next-header numbers (IANA); any other value is kept as is.</summary>
public enum IpProtocol : byte
{
    /// <summary>IPv6 hop-by-hop options (RFC 8200).</summary>
    HopByHop = 0,
    /// <summary>ICMP for IPv4 (RFC 792).</summary>
    Icmp = 1,
    /// <summary>TCP (RFC 9293).</summary>
    Tcp = 6,
    /// <summary>UDP (RFC 768).</summary>
    Udp = 17,
    /// <summary>IPv6 routing header.</summary>
    Ipv6Route = 43,
    /// <summary>IPv6 fragment header.</summary>
    Ipv6Fragment = 44,
    /// <summary>GRE (RFC 2784).</summary>
    Gre = 47,
    /// <summary>ICMP for IPv6 (RFC 4443).</summary>
    Icmpv6 = 58,
    /// <summary>No next header.</summary>
    NoNextHeader = 59,
    /// <summary>IPv6 destination options.</summary>
    Ipv6Options = 60,
}
