namespace Fastpath.Benchmarks;

/// <summary>The kinds of traffic a benchmark burst holds.</summary>
public enum FrameCase
{
    /// <summary>Ethernet / IPv4 / UDP / DNS query.</summary>
    Ipv4Dns,

    /// <summary>Ethernet / 802.1Q / IPv6 / UDP / DNS query.</summary>
    VlanIpv6Dns,
}
