namespace Fastpath.Headers;

/// <summary>A TCP header with its options (RFC 9293 §3.1): DataOffset × 4 bytes.</summary>
[Header]
[Length(nameof(DataOffset), Scale = 4)]
public readonly ref partial struct Tcp
{
    [Bits(16)] public partial ushort SourcePort { get; set; }
    [Bits(16)] public partial ushort DestinationPort { get; set; }
    [Bits(32)] public partial uint SequenceNumber { get; set; }
    [Bits(32)] public partial uint AcknowledgmentNumber { get; set; }
    [Bits(4)] public partial byte DataOffset { get; set; }
    [Bits(4)] public partial byte Reserved { get; set; }
    [Bits(8)] public partial TcpFlags Flags { get; set; }
    [Bits(16)] public partial ushort Window { get; set; }
    [Bits(16)] public partial ushort Checksum { get; set; }
    [Bits(16)] public partial ushort UrgentPointer { get; set; }
}
