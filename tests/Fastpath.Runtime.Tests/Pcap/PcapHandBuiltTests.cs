namespace Fastpath.Tests.Pcap;

/// <summary>Files no installed tool writes (big-endian, binary timestamp resolutions, mixed sections, skipped blocks), built byte by byte.</summary>
public class PcapHandBuiltTests
{
    private static readonly byte[] A = [0xaa, 0xbb, 0xcc, 0xdd, 0xee];
    private static readonly byte[] B = [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void ReadsClassicInEitherByteOrder(bool bigEndian, bool nanosecond)
    {
        byte[] file = new ByteWriter(bigEndian)
            .ClassicHeader(nanosecond, linkType: 101, snapLength: 65535)
            .ClassicRecord(1_700_000_000, 123_456, A)
            .ClassicRecord(1_700_000_001, 999, B, originalLength: 1500)
            .ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "hand.pcap");
        Assert.Equal(bigEndian, reader.IsBigEndian);
        Assert.Equal(nanosecond, reader.NanosecondTimestamps);
        Assert.Equal(PcapLinkType.Raw, reader.LinkType);
        Assert.Equal(65535, reader.SnapLength);
        var read = TestFrame.ReadAll(reader);
        long unit = nanosecond ? 1 : 1000;
        Assert.Equal(2, read.Count);
        Assert.Equal(A, read[0].Data);
        Assert.Equal((5, 1_700_000_000_000_000_000 + 123_456 * unit), (read[0].OriginalLength, read[0].TimestampNs));
        Assert.Equal(B, read[1].Data);
        Assert.Equal((1500, 1_700_000_001_000_000_000 + 999 * unit), (read[1].OriginalLength, read[1].TimestampNs));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsPcapNgTimestampResolutions(bool bigEndian)
    {
        const long seconds = 1_700_000_000;
        byte[] file = new ByteWriter()
            .SectionHeader(bigEndian)
            .InterfaceDescription(1)                                  // default: microseconds
            .InterfaceDescription(1, tsresol: 3)                      // milliseconds
            .InterfaceDescription(1, tsresol: 0x80 | 10)              // 2^-10 s
            .InterfaceDescription(1, tsresol: 12)                     // picoseconds: 64 bits hold only 213 days of them
            .InterfaceDescription(1, tsresol: 0, tsoffset: seconds)   // seconds, counted from if_tsoffset
            .EnhancedPacket(0, seconds * 1_000_000 + 7, A)
            .EnhancedPacket(1, seconds * 1000 + 250, A)
            .EnhancedPacket(2, (ulong)seconds * 1024 + 512, A)
            .EnhancedPacket(3, 5_000_000_000_000 + 123_456_789_999, A)
            .EnhancedPacket(4, 5, A)
            .ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "resolutions.pcapng");
        Assert.Equal(bigEndian, reader.IsBigEndian);
        Assert.False(reader.NanosecondTimestamps);
        long[] expected =
        [
            seconds * 1_000_000_000 + 7_000,
            seconds * 1_000_000_000 + 250_000_000,
            seconds * 1_000_000_000 + 500_000_000,
            5_000_000_000 + 123_456_789,
            (seconds + 5) * 1_000_000_000,
        ];
        Assert.Equal(expected, TestFrame.ReadAll(reader).Select(r => r.TimestampNs));
    }

    [Fact]
    public void ReadsSectionsOfBothByteOrdersAndSkipsOtherBlocks()
    {
        byte[] file = new ByteWriter()
            .SectionHeader(bigEndian: false)
            .Block(4, b => b.U16(0).U16(0))                                   // name resolution: before any interface, skipped
            .InterfaceDescription(1, tsresol: 9)
            .InterfaceDescription(101, tsresol: 9)
            .EnhancedPacket(1, 1_000, A)
            .Block(5, b => b.U32(0).U32(0).U32(0))                            // interface statistics: skipped
            .Block(0x40000BAD, b => b.U32(32473).Bytes(new byte[37]))        // custom block: skipped
            .ObsoletePacket(0, 2_000, B)
            .SectionHeader(bigEndian: true)
            .InterfaceDescription(105, snapLength: 6)
            .SimplePacket(B)
            .EnhancedPacket(0, 3, A)
            .ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "sections.pcapng");
        Assert.True(reader.IsPcapNg);
        Assert.False(reader.IsBigEndian);
        Assert.Equal(PcapLinkType.Ethernet, reader.LinkType);
        Assert.True(reader.NanosecondTimestamps);
        var read = TestFrame.ReadAll(reader);
        Assert.Equal(4, read.Count);
        Assert.Equal([A, B, B[..6], A], read.Select(r => r.Data));
        Assert.Equal((1_000L, 1, PcapLinkType.Raw), (read[0].TimestampNs, read[0].Interface, read[0].LinkType));
        Assert.Equal((2_000L, 0, PcapLinkType.Ethernet), (read[1].TimestampNs, read[1].Interface, read[1].LinkType));
        // A Simple Packet Block is cut to its interface's snap length, keeps the original length and has no time.
        Assert.Equal((8, 0L, 2, PcapLinkType.Ieee80211), (read[2].OriginalLength, read[2].TimestampNs, read[2].Interface, read[2].LinkType));
        Assert.Equal((3_000L, 2), (read[3].TimestampNs, read[3].Interface));
        Assert.Equal(3, reader.InterfaceCount);
        Assert.Null(reader.Warning);
    }

    [Fact]
    public void TryReadIntoCountsAndSkipsPacketsLargerThanTheBuffer()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, nanosecond: true, leaveOpen: true))
        {
            writer.Write(new byte[100], 1);
            writer.Write(new byte[1000], 2);
            writer.Write(Enumerable.Repeat((byte)7, 384).ToArray(), 3);
        }
        stream.Position = 0;
        using var pool = new BufferPool(4, room: 512, headroom: 128);
        BufferCache cache = pool.CreateCache(64);
        using var reader = new PcapReader(stream, "memory");
        Assert.True(cache.TryAlloc(out PacketBuffer buffer));

        Assert.True(reader.TryReadInto(buffer, out long ts));
        Assert.Equal((100, 1L, 1L), (buffer.Length, ts, buffer.Timestamp));
        Assert.True(reader.TryReadInto(buffer, out ts));
        Assert.Equal((384, 3L), (buffer.Length, ts));
        Assert.Equal(Enumerable.Repeat((byte)7, 384).ToArray(), buffer.Data.ToArray());
        Assert.Equal(1, reader.Oversized);
        Assert.False(reader.TryReadInto(buffer, out _));
        cache.Free(buffer);
    }
}
