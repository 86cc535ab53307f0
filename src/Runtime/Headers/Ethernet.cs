namespace Fastpath.Headers;

/// <summary>An Ethernet II header (IEEE 802.3 clause 3.2, without preamble and FCS).</summary>
[Header]
public readonly ref partial struct Ethernet
{
    [Bits(48)] public partial MacAddress Destination { get; set; }
    [Bits(48)] public partial MacAddress Source { get; set; }
    [Bits(16)] public partial EtherType EtherType { get; set; }
}
