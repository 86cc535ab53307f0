namespace Fastpath.Headers;

/// <summary>An ICMPv6 header (RFC 4443 §2.1); the message body follows.</summary>
[Header]
public readonly ref partial struct Icmpv6
{
    [Bits(8)] public partial byte Type { get; set; }
    [Bits(8)] public partial byte Code { get; set; }
    [Bits(16)] public partial ushort Checksum { get; set; }
}
