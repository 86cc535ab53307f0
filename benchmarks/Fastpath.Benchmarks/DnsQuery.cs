namespace Fastpath.Benchmarks;

/// <summary>What goes into one DNS query frame; <see cref="FrameBuilder"/> turns it into bytes.</summary>
public sealed record DnsQuery
{
    /// <summary>The destination MAC address (48 bits).</summary>
    public ulong DestinationMac { get; init; }

    /// <summary>The source MAC address (48 bits).</summary>
    public ulong SourceMac { get; init; }

    /// <summary>The 802.1Q VLAN identifier, or null for an untagged frame.</summary>
    public ushort? VlanId { get; init; }

    /// <summary>The 802.1Q priority code point.</summary>
    public byte VlanPriority { get; init; }

    /// <summary>The source address: 4 octets for IPv4, 16 for IPv6.</summary>
    public required byte[] SourceAddress { get; init; }

    /// <summary>The destination address, the same family as <see cref="SourceAddress"/>.</summary>
    public required byte[] DestinationAddress { get; init; }

    /// <summary>The IPv4 identification or the IPv6 flow label.</summary>
    public uint IpIdOrFlowLabel { get; init; }

    /// <summary>The IPv4 TTL or IPv6 hop limit.</summary>
    public byte Ttl { get; init; } = 64;

    /// <summary>The IPv4 DF bit.</summary>
    public bool DontFragment { get; init; }

    /// <summary>The UDP source port.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>The UDP destination port.</summary>
    public ushort DestinationPort { get; init; } = 53;

    /// <summary>The DNS message ID.</summary>
    public ushort Id { get; init; }

    /// <summary>The DNS flags word (QR, Opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).</summary>
    public ushort Flags { get; init; } = 0x0100;

    /// <summary>The name asked for, dotted, without the final dot.</summary>
    public required string QuestionName { get; init; }

    /// <summary>The QTYPE (1 = A, 28 = AAAA, ...).</summary>
    public ushort QuestionType { get; init; } = 1;

    /// <summary>Whether to add an EDNS(0) OPT record (RFC 6891) advertising 1232-byte UDP payloads.</summary>
    public bool Edns { get; init; }

    /// <summary>An 8-byte DNS client cookie (RFC 7873) for the OPT record, or null.</summary>
    public byte[]? Cookie { get; init; }
}
