namespace Fastpath.Headers;

/// <summary>An ARP packet for IPv4 over Ethernet (RFC 826); other hardware or protocol sizes are rejected.</summary>
[Header]
[Expect(nameof(HardwareLength), 6)]
[Expect(nameof(ProtocolLength), 4)]
public readonly ref partial struct Arp
{
    [Bits(16)] public partial ushort HardwareType { get; set; }
    [Bits(16)] public partial EtherType ProtocolType { get; set; }
    [Bits(8)] public partial byte HardwareLength { get; set; }
    [Bits(8)] public partial byte ProtocolLength { get; set; }
    [Bits(16)] public partial ushort Operation { get; set; }
    [Bits(48)] public partial MacAddress SenderHardwareAddress { get; set; }
    [Bits(32)] public partial Ipv4Address SenderProtocolAddress { get; set; }
    [Bits(48)] public partial MacAddress TargetHardwareAddress { get; set; }
    [Bits(32)] public partial Ipv4Address TargetProtocolAddress { get; set; }
}
