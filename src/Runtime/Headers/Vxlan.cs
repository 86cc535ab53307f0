namespace Fastpath.Headers;

/// <summary>A VXLAN header (RFC 7348 §5); the inner Ethernet frame follows as payload.</summary>
[Header]
public readonly ref partial struct Vxlan
{
    [Bits(4)] public partial byte ReservedHigh { get; set; }
    [Bits(1)] public partial bool VniValid { get; set; }
    [Bits(3)] public partial byte ReservedLow { get; set; }
    [Bits(24)] public partial uint Reserved { get; set; }
    [Bits(24)] public partial uint Vni { get; set; }
    [Bits(8)] public partial byte Reserved2 { get; set; }
}
