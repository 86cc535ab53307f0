namespace Fastpath.Examples.Dns.Protocol;

/// <summary>What a query asks: read once from the message by <see cref="QueryReader"/>, no allocation.</summary>
internal struct Query
{
    /// <summary>The message ID, echoed in the reply.</summary>
    public ushort Id;

    /// <summary>The second 16-bit word of the header: QR, opcode, flags, RCODE.</summary>
    public ushort Flags;

    /// <summary>The question's QNAME length in wire format, the terminating zero included.</summary>
    public int NameLength;

    /// <summary>The QTYPE.</summary>
    public ushort Type;

    /// <summary>The QCLASS.</summary>
    public ushort Class;

    /// <summary>Whether the query carried an OPT record (EDNS).</summary>
    public bool Edns;

    /// <summary>The requester's UDP payload size from its OPT record (values below 512 read as 512, RFC 6891 §6.2.3).</summary>
    public ushort UdpSize;

    /// <summary>The EDNS version the requester speaks.</summary>
    public byte EdnsVersion;

    /// <summary>Return the byte offset just after the question (header + QNAME + QTYPE + QCLASS).</summary>
    public readonly int QuestionEnd => DnsConstants.HeaderLength + NameLength + 4;

    /// <summary>Return the opcode.</summary>
    public readonly int Opcode => (Flags >> 11) & 0xF;



    /// <summary>Return the largest reply the requester takes: 512 without EDNS, else its size capped at ours.</summary>
    public readonly int ReplyLimit => !Edns ? DnsConstants.ClassicUdpSize : Math.Min((int)UdpSize, DnsConstants.ServerUdpSize);
}
