namespace Fastpath.Tests.Pcap;

/// <summary>Builds capture files byte by byte in either byte order, for the cases no tool writes (big-endian files, unusual pcapng blocks and options, corrupt headers).</summary>
internal sealed class ByteWriter(bool bigEndian = false)
{
    private readonly List<byte> _bytes = [];

    public bool BigEndian { get; set; } = bigEndian;

    public int Length => _bytes.Count;

    public ByteWriter U8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public ByteWriter U16(int value) => Number((ulong)(ushort)value, 2);

    public ByteWriter U32(uint value) => Number(value, 4);

    public ByteWriter U64(ulong value) => Number(value, 8);

    public ByteWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            _bytes.Add(b);
        return this;
    }

    public ByteWriter Pad4()
    {
        while (_bytes.Count % 4 != 0)
            _bytes.Add(0);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Write a classic pcap file header.</summary>
    public ByteWriter ClassicHeader(bool nanosecond, uint linkType = 1, uint snapLength = 262144) =>
        U32(nanosecond ? 0xA1B23C4D : 0xA1B2C3D4).U16(2).U16(4).U32(0).U32(0).U32(snapLength).U32(linkType);

    /// <summary>Write a classic pcap record.</summary>
    public ByteWriter ClassicRecord(uint seconds, uint fraction, byte[] data, uint? originalLength = null) =>
        U32(seconds).U32(fraction).U32((uint)data.Length).U32(originalLength ?? (uint)data.Length).Bytes(data);

    /// <summary>Write a pcapng block: type, total length, the body padded to 4, total length.</summary>
    public ByteWriter Block(uint type, Action<ByteWriter> body)
    {
        var b = new ByteWriter(BigEndian);
        body(b);
        b.Pad4();
        uint length = (uint)(12 + b.Length);
        return U32(type).U32(length).Bytes(b.ToArray()).U32(length);
    }

    /// <summary>Start a pcapng section in the byte order given.</summary>
    public ByteWriter SectionHeader(bool bigEndian)
    {
        BigEndian = bigEndian;
        return Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue));
    }

    /// <summary>Describe an interface, with <c>if_tsresol</c> and <c>if_tsoffset</c> when given.</summary>
    public ByteWriter InterfaceDescription(int linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(snapLength);
            if (tsresol is byte r)
                b.U16(9).U16(1).U8(r).Pad4();
            if (tsoffset is long o)
                b.U16(14).U16(8).U64((ulong)o);
            if (tsresol is not null || tsoffset is not null)
                b.U16(0).U16(0);
        });

    /// <summary>Write an Enhanced Packet Block.</summary>
    public ByteWriter EnhancedPacket(uint interfaceId, ulong timestamp, byte[] data, uint? originalLength = null) =>
        Block(6, b => b.U32(interfaceId).U32((uint)(timestamp >> 32)).U32((uint)timestamp)
            .U32((uint)data.Length).U32(originalLength ?? (uint)data.Length).Bytes(data).Pad4()
            .U16(1).U16(4).U32(0x636F6D6D).U16(0).U16(0)); // an opt_comment, to prove options after the data are skipped

    /// <summary>Write a Simple Packet Block.</summary>
    public ByteWriter SimplePacket(byte[] data) => Block(3, b => b.U32((uint)data.Length).Bytes(data));

    /// <summary>Write the obsolete Packet Block.</summary>
    public ByteWriter ObsoletePacket(ushort interfaceId, ulong timestamp, byte[] data) =>
        Block(2, b => b.U16(interfaceId).U16(0).U32((uint)(timestamp >> 32)).U32((uint)timestamp)
            .U32((uint)data.Length).U32((uint)data.Length).Bytes(data));

    private ByteWriter Number(ulong value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            int shift = BigEndian ? (size - 1 - i) * 8 : i * 8;
            _bytes.Add((byte)(value >> shift));
        }
        return this;
    }
}
