namespace Fastpath.Headers;

/// <summary>The body of an NDP neighbor solicitation (type 135) or advertisement (type 136) after the ICMPv6 header (RFC 4861 §4.3–4.4); options follow as payload.</summary>
[Header]
public readonly ref partial struct NdpNeighbor
{
    [Bits(1)] public partial bool Router { get; set; }
    [Bits(1)] public partial bool Solicited { get; set; }
    [Bits(1)] public partial bool Override { get; set; }
    [Bits(29)] public partial uint Reserved { get; set; }
    [Bits(128)] public partial Ipv6Address TargetAddress { get; set; }
}
