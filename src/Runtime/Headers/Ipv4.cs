namespace Fastpath.Headers;

/// <summary>An IPv4 header with its options (RFC 791 §3.1).</summary>
/// <remarks>A parser checks the version, IHL ≥ 5, and trims the packet to TotalLength, so Ethernet padding is not payload.</remarks>
[Header]
[Length(nameof(Ihl), Scale = 4)]
[TotalLength(nameof(TotalLength))]
[Expect(nameof(Version), 4, Error = ParseError.BadVersion)]
public readonly ref partial struct Ipv4
{
    [Bits(4)] public partial byte Version { get; set; }
    [Bits(4)] public partial byte Ihl { get; set; }
    [Bits(6)] public partial byte Dscp { get; set; }
    [Bits(2)] public partial byte Ecn { get; set; }
    [Bits(16)] public partial ushort TotalLength { get; set; }
    [Bits(16)] public partial ushort Identification { get; set; }
    [Bits(1)] public partial bool ReservedFlag { get; set; }
    [Bits(1)] public partial bool DontFragment { get; set; }
    [Bits(1)] public partial bool MoreFragments { get; set; }
    [Bits(13)] public partial ushort FragmentOffset { get; set; }
    [Bits(8)] public partial byte Ttl { get; set; }
    [Bits(8)] public partial IpProtocol Protocol { get; set; }
    [Bits(16)] public partial ushort HeaderChecksum { get; set; }
    [Bits(32)] public partial Ipv4Address Source { get; set; }
    [Bits(32)] public partial Ipv4Address Destination { get; set; }
}
