namespace Fastpath.Headers;

/// <summary>An IPv6 fragment header (RFC 8200 §4.5), always 8 bytes.</summary>
[Header]
public readonly ref partial struct Ipv6Fragment
{
    [Bits(8)] public partial IpProtocol NextHeader { get; set; }
    [Bits(8)] public partial byte Reserved { get; set; }
    [Bits(13)] public partial ushort FragmentOffset { get; set; }
    [Bits(2)] public partial byte ReservedBits { get; set; }
    [Bits(1)] public partial bool MoreFragments { get; set; }
    [Bits(32)] public partial uint Identification { get; set; }
}
