namespace Fastpath;

/// <summary>One packet read from a capture file; its bytes belong to the reader and are valid until the reader's next call.</summary>
public readonly struct PcapRecord
{
    /// <summary>Create a record; the reader does this.</summary>
    public PcapRecord(ReadOnlyMemory<byte> memory, int originalLength, long timestampNs, int interfaceIndex, PcapLinkType linkType, long offset)
    {
        Memory = memory;
        OriginalLength = originalLength;
        TimestampNs = timestampNs;
        InterfaceIndex = interfaceIndex;
        LinkType = linkType;
        Offset = offset;
    }

    /// <summary>Return the captured bytes as memory (a slice of the reader's buffer, overwritten by the next read).</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Return the captured bytes (a view of the reader's buffer, overwritten by the next read).</summary>
    public ReadOnlySpan<byte> Data => Memory.Span;

    /// <summary>Return how many bytes were captured (at most the snap length).</summary>
    public int CapturedLength => Memory.Length;

    /// <summary>Return the length of the packet on the wire, which may exceed <see cref="CapturedLength"/>.</summary>
    public int OriginalLength { get; }

    /// <summary>Return the capture time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; }

    /// <summary>Return the interface the packet was captured on: 0 for classic pcap, for pcapng the index among all interfaces of the file in order of appearance.</summary>
    public int InterfaceIndex { get; }

    /// <summary>Return the link-layer type of that interface.</summary>
    public PcapLinkType LinkType { get; }

    /// <summary>Return the byte offset of the record (or block) header in the file.</summary>
    public long Offset { get; }
}
