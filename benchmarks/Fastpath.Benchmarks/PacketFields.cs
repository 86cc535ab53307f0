namespace Fastpath.Benchmarks;

/// <summary>The fields every parser in the benchmark reads from a packet; absent headers leave theirs zero.</summary>
/// <remarks>
/// IPv4 addresses go in <see cref="SourceLow"/> and <see cref="DestinationLow"/> with the high halves zero;
/// IPv6 addresses use both halves, first octet most significant.
/// </remarks>
public struct PacketFields
{
    /// <summary>The Ethernet header's EtherType (0x8100 when a VLAN tag follows).</summary>
    public ushort EtherType;

    /// <summary>The 802.1Q VLAN identifier, or 0 without a tag.</summary>
    public ushort VlanId;

    /// <summary>Octets 0–7 of an IPv6 source address.</summary>
    public ulong SourceHigh;

    /// <summary>An IPv4 source address, or octets 8–15 of an IPv6 one.</summary>
    public ulong SourceLow;

    /// <summary>Octets 0–7 of an IPv6 destination address.</summary>
    public ulong DestinationHigh;

    /// <summary>An IPv4 destination address, or octets 8–15 of an IPv6 one.</summary>
    public ulong DestinationLow;

    /// <summary>The IPv4 protocol or IPv6 next header.</summary>
    public byte Protocol;

    /// <summary>The UDP source port.</summary>
    public ushort SourcePort;

    /// <summary>The UDP destination port.</summary>
    public ushort DestinationPort;

    /// <summary>The DNS message ID.</summary>
    public ushort DnsId;

    /// <summary>The DNS QR bit.</summary>
    public bool IsResponse;

    /// <summary>The DNS opcode.</summary>
    public byte Opcode;

    /// <summary>The DNS RD bit.</summary>
    public bool RecursionDesired;

    /// <summary>The DNS QDCOUNT.</summary>
    public ushort QuestionCount;

    /// <summary>The bytes after the last header parsed, up to the end the length fields give.</summary>
    public int PayloadLength;
}
