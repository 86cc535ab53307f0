namespace Fastpath.Headers;

/// <summary>A UDP header (RFC 768); a parser trims the packet to its Length.</summary>
[Header]
[TotalLength(nameof(Length))]
public readonly ref partial struct Udp
{
    [Bits(16)] public partial ushort SourcePort { get; set; }
    [Bits(16)] public partial ushort DestinationPort { get; set; }
    [Bits(16)] public partial ushort Length { get; set; }
    [Bits(16)] public partial ushort Checksum { get; set; }
}
