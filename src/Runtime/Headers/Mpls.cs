namespace Fastpath.Headers;

/// <summary>An MPLS label stack entry (RFC 3032 §2.1).</summary>
[Header]
public readonly ref partial struct Mpls
{
    [Bits(20)] public partial uint Label { get; set; }
    [Bits(3)] public partial byte TrafficClass { get; set; }
    [Bits(1)] public partial bool BottomOfStack { get; set; }
    [Bits(8)] public partial byte Ttl { get; set; }
}
