namespace Fastpath.Headers;

/// <summary>An IPv6 hop-by-hop, routing or destination-options header (RFC 8200 §4.3–4.6): (HeaderExtLength + 1) × 8 bytes.</summary>
[Header]
[Length(nameof(HeaderExtLength), Scale = 8, Add = 8)]
public readonly ref partial struct Ipv6Extension
{
    [Bits(8)] public partial IpProtocol NextHeader { get; set; }
    [Bits(8)] public partial byte HeaderExtLength { get; set; }
}
