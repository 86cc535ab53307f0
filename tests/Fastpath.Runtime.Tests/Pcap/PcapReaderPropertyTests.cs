using CsCheck;

namespace Fastpath.Tests.Pcap;

public class PcapReaderPropertyTests
{
    private static readonly byte[] ClassicFile = new ByteWriter()
        .ClassicHeader(nanosecond: false)
        .ClassicRecord(1, 2, [1, 2, 3, 4, 5])
        .ClassicRecord(3, 4, new byte[40])
        .ClassicRecord(5, 6, [9])
        .ToArray();

    private static readonly byte[] PcapNgFile = new ByteWriter()
        .SectionHeader(bigEndian: false)
        .InterfaceDescription(1, tsresol: 9)
        .EnhancedPacket(0, 1, [1, 2, 3, 4, 5])
        .Block(5, b => b.U32(0).U32(0).U32(0))
        .SimplePacket(new byte[40])
        .SectionHeader(bigEndian: true)
        .InterfaceDescription(101, tsresol: 0x80 | 20, tsoffset: 7)
        .ObsoletePacket(0, 3, [9])
        .ToArray();

    [Fact]
    public void AnyDamageEitherReadsOrThrowsPcapFormatException()
    {
        // Flip up to 4 bytes and cut the file anywhere: the reader may return fewer, different or no records,
        // but nothing other than PcapFormatException may escape, and every record must lie inside the file.
        var damaged =
            from original in Gen.OneOfConst(ClassicFile, PcapNgFile)
            from flips in Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte).Array[0, 4]
            from length in Gen.Int[0, original.Length]
            select Damage(original, flips, length);
        damaged.Sample(bytes =>
        {
            try
            {
                using var reader = new PcapReader(new MemoryStream(bytes), "fuzz");
                while (reader.TryReadNext(out PcapRecord r))
                    Assert.InRange(r.Offset + r.CapturedLength, 0, bytes.Length);
                Assert.True(reader.EndOfFile);
                Assert.Equal(reader.Warning is null, reader.TruncatedRecordOffset == -1);
            }
            catch (PcapFormatException e)
            {
                Assert.InRange(e.Offset, 0, bytes.Length);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void ReadingAllocatesNothingPerRecord()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            foreach (TestFrame f in TestFrame.Random(seed: 41, count: 2000))
                writer.Write(f.Data, f.TimestampNs);
        }
        stream.Position = 0;
        using var reader = new PcapReader(stream, "memory");
        Assert.True(reader.TryReadNext(out _));

        // Three windows over the file, the smallest reading counts (one-time runtime work under load is not the reader's).
        int count = 1;
        long allocated = Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() =>
        {
            for (int i = 0; i < 666 && reader.TryReadNext(out PcapRecord r); i++)
                count += r.CapturedLength > 0 ? 1 : 0;
        });
        while (reader.TryReadNext(out PcapRecord r))
            count += r.CapturedLength > 0 ? 1 : 0;

        Assert.Equal(2000, count);
        Assert.Equal(0, allocated);
    }

    private static byte[] Damage(byte[] original, (int At, byte Value)[] flips, int length)
    {
        byte[] copy = original.ToArray();
        foreach ((int at, byte value) in flips)
            copy[at] = value;
        return copy[..length];
    }
}
