using Fastpath.Headers;

namespace Fastpath.Benchmarks;

// Copies of the runtime's Ethernet, Vlan, Ipv4, Ipv6, Udp and Dns declarations (src/Runtime/Headers),
// field for field, so the generator emits the same views and the same parser for DnsQueryPacket.
//
// Why copies: the generator analyses a header only from its source (HeaderParser.Analyze requires
// DeclaringSyntaxReferences to prove the struct and its properties are partial), so a [Parser] in
// another assembly that names Fastpath.Headers.Ethernet gets no code and no diagnostic. Once the
// generator accepts headers from referenced assemblies, delete this file: every name here then
// resolves to Fastpath.Headers through the using above, and nothing else changes.

/// <summary>An Ethernet II header (stand-in for <see cref="Fastpath.Headers.Ethernet"/>).</summary>
[Header]
public readonly ref partial struct Ethernet
{
    [Bits(48)] public partial MacAddress Destination { get; set; }
    [Bits(48)] public partial MacAddress Source { get; set; }
    [Bits(16)] public partial EtherType EtherType { get; set; }
}

/// <summary>An 802.1Q tag after its TPID (stand-in for <see cref="Fastpath.Headers.Vlan"/>).</summary>
[Header]
public readonly ref partial struct Vlan
{
    [Bits(3)] public partial byte Priority { get; set; }
    [Bits(1)] public partial bool DropEligible { get; set; }
    [Bits(12)] public partial ushort VlanId { get; set; }
    [Bits(16)] public partial EtherType EtherType { get; set; }
}

/// <summary>An IPv4 header with its options (stand-in for <see cref="Fastpath.Headers.Ipv4"/>).</summary>
[Header]
[Length(nameof(Ihl), Scale = 4)]
[TotalLength(nameof(TotalLength))]
[Expect(nameof(Version), 4, Error = ParseError.BadVersion)]
public readonly ref partial struct Ipv4
{
    [Bits(4)] public partial byte Version { get; set; }
    [Bits(4)] public partial byte Ihl { get; set; }
    [Bits(6)] public partial byte Dscp { get; set; }
    [Bits(2)] public partial byte Ecn { get; set; }
    [Bits(16)] public partial ushort TotalLength { get; set; }
    [Bits(16)] public partial ushort Identification { get; set; }
    [Bits(1)] public partial bool ReservedFlag { get; set; }
    [Bits(1)] public partial bool DontFragment { get; set; }
    [Bits(1)] public partial bool MoreFragments { get; set; }
    [Bits(13)] public partial ushort FragmentOffset { get; set; }
    [Bits(8)] public partial byte Ttl { get; set; }
    [Bits(8)] public partial IpProtocol Protocol { get; set; }
    [Bits(16)] public partial ushort HeaderChecksum { get; set; }
    [Bits(32)] public partial Ipv4Address Source { get; set; }
    [Bits(32)] public partial Ipv4Address Destination { get; set; }
}

/// <summary>An IPv6 fixed header (stand-in for <see cref="Fastpath.Headers.Ipv6"/>).</summary>
[Header]
[TotalLength(nameof(PayloadLength), Add = 40)]
[Expect(nameof(Version), 6, Error = ParseError.BadVersion)]
public readonly ref partial struct Ipv6
{
    [Bits(4)] public partial byte Version { get; set; }
    [Bits(8)] public partial byte TrafficClass { get; set; }
    [Bits(20)] public partial uint FlowLabel { get; set; }
    [Bits(16)] public partial ushort PayloadLength { get; set; }
    [Bits(8)] public partial IpProtocol NextHeader { get; set; }
    [Bits(8)] public partial byte HopLimit { get; set; }
    [Bits(128)] public partial Ipv6Address Source { get; set; }
    [Bits(128)] public partial Ipv6Address Destination { get; set; }
}

/// <summary>A UDP header (stand-in for <see cref="Fastpath.Headers.Udp"/>).</summary>
[Header]
[TotalLength(nameof(Length))]
public readonly ref partial struct Udp
{
    [Bits(16)] public partial ushort SourcePort { get; set; }
    [Bits(16)] public partial ushort DestinationPort { get; set; }
    [Bits(16)] public partial ushort Length { get; set; }
    [Bits(16)] public partial ushort Checksum { get; set; }
}

/// <summary>A DNS message header (stand-in for <see cref="Fastpath.Headers.Dns"/>).</summary>
[Header]
public readonly ref partial struct Dns
{
    [Bits(16)] public partial ushort Id { get; set; }
    [Bits(1)] public partial bool IsResponse { get; set; }
    [Bits(4)] public partial byte Opcode { get; set; }
    [Bits(1)] public partial bool Authoritative { get; set; }
    [Bits(1)] public partial bool Truncated { get; set; }
    [Bits(1)] public partial bool RecursionDesired { get; set; }
    [Bits(1)] public partial bool RecursionAvailable { get; set; }
    [Bits(1)] public partial bool Zero { get; set; }
    [Bits(1)] public partial bool AuthenticData { get; set; }
    [Bits(1)] public partial bool CheckingDisabled { get; set; }
    [Bits(4)] public partial byte ResponseCode { get; set; }
    [Bits(16)] public partial ushort QuestionCount { get; set; }
    [Bits(16)] public partial ushort AnswerCount { get; set; }
    [Bits(16)] public partial ushort AuthorityCount { get; set; }
    [Bits(16)] public partial ushort AdditionalCount { get; set; }
}
