namespace Fastpath.Headers;

/// <summary>An 802.1Q tag after its TPID (which is the previous header's EtherType): tag control information and the next EtherType.</summary>
[Header]
public readonly ref partial struct Vlan
{
    [Bits(3)] public partial byte Priority { get; set; }
    [Bits(1)] public partial bool DropEligible { get; set; }
    [Bits(12)] public partial ushort VlanId { get; set; }
    [Bits(16)] public partial EtherType EtherType { get; set; }
}
