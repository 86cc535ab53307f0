namespace Fastpath.Headers;

/// <summary>An ICMP header (RFC 792); Identifier and SequenceNumber are meaningful for echo and timestamp messages.</summary>
[Header]
public readonly ref partial struct Icmpv4
{
    [Bits(8)] public partial byte Type { get; set; }
    [Bits(8)] public partial byte Code { get; set; }
    [Bits(16)] public partial ushort Checksum { get; set; }
    [Bits(16)] public partial ushort Identifier { get; set; }
    [Bits(16)] public partial ushort SequenceNumber { get; set; }
}
