namespace Fastpath.Headers;

/// <summary>An IPv6 fixed header (RFC 8200 §3); extension headers follow as <see cref="Ipv6Extension"/> or <see cref="Ipv6Fragment"/>.</summary>
/// <remarks>A parser checks the version and trims the packet to 40 + PayloadLength.</remarks>
[Header]
[TotalLength(nameof(PayloadLength), Add = 40)]
[Expect(nameof(Version), 6, Error = ParseError.BadVersion)]
public readonly ref partial struct Ipv6
{
    [Bits(4)] public partial byte Version { get; set; }
    [Bits(8)] public partial byte TrafficClass { get; set; }
    [Bits(20)] public partial uint FlowLabel { get; set; }
    [Bits(16)] public partial ushort PayloadLength { get; set; }
    [Bits(8)] public partial IpProtocol NextHeader { get; set; }
    [Bits(8)] public partial byte HopLimit { get; set; }
    [Bits(128)] public partial Ipv6Address Source { get; set; }
    [Bits(128)] public partial Ipv6Address Destination { get; set; }
}
