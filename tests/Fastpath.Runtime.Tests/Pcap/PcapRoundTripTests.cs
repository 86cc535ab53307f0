using CsCheck;

namespace Fastpath.Tests.Pcap;

public class PcapRoundTripTests
{
    // Up to the largest 32-bit seconds value a classic pcap can hold.
    private const long MaxTimestamp = uint.MaxValue * 1_000_000_000L + 999_999_999L;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenRecordsReadBackInMemory(bool nanosecond)
    {
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.Long[0, MaxTimestamp]).Array[0, 40].Sample(records =>
        {
            var stream = new MemoryStream();
            using (var writer = new PcapWriter(stream, nanosecond, leaveOpen: true))
            {
                foreach ((byte[] frame, long ts) in records)
                    writer.Write(frame, ts);
                Assert.Equal(records.Length, writer.PacketsWritten);
            }
            stream.Position = 0;
            using var reader = new PcapReader(stream, "memory");
            Assert.False(reader.IsPcapNg);
            Assert.Equal(nanosecond, reader.NanosecondTimestamps);
            Assert.Equal(PcapLinkType.Ethernet, reader.LinkType);
            Assert.Equal(PcapWriter.DefaultSnapLength, reader.SnapLength);
            var read = TestFrame.ReadAll(reader);
            Assert.Equal(records.Length, read.Count);
            for (int i = 0; i < records.Length; i++)
            {
                (byte[] frame, long ts) = records[i];
                Assert.Equal(frame, read[i].Data);
                Assert.Equal(frame.Length, read[i].OriginalLength);
                Assert.Equal(nanosecond ? ts : ts / 1000 * 1000, read[i].TimestampNs);
            }
            Assert.Null(reader.Warning);
            Assert.Equal(-1, reader.TruncatedRecordOffset);
            Assert.True(reader.EndOfFile);
        }, iter: 200);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenFileReadsBack(bool nanosecond)
    {
        using var dir = new TempDirectory();
        string path = dir.File("round.pcap");
        // Enough records to cross the reader's and the writer's 64 KiB buffers many times.
        var frames = TestFrame.Random(seed: 7, count: 500);
        TestFrame.WritePcap(path, frames, nanosecond);

        using var reader = new PcapReader(path);
        var read = TestFrame.ReadAll(reader);
        Assert.Equal(frames.Count, read.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].Data, read[i].Data);
            Assert.Equal(nanosecond ? frames[i].TimestampNs : frames[i].MicrosecondTimestamp, read[i].TimestampNs);
        }
        Assert.Equal(frames.Count, reader.RecordsRead);
        Assert.Null(reader.Warning);
    }

    [Fact]
    public void FramesLargerThanTheBuffersRoundTrip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("jumbo.pcap");
        var frames = new List<TestFrame>
        {
            new(new byte[100], 1_000_000_000),
            new(Enumerable.Range(0, PcapReader.MaxCaptureLength).Select(i => (byte)i).ToArray(), 2_000_000_000),
            new(new byte[70_000], 3_000_000_000),
            new([1, 2, 3], 4_000_000_000),
        };
        TestFrame.WritePcap(path, frames, nanosecond: true);

        var read = PcapReader.ReadAllFrames(path);
        Assert.Equal(frames.Select(f => f.Data), read);
    }

    [Fact]
    public void SnapLengthCutsFramesAndKeepsOriginalLength()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, snapLength: 64, leaveOpen: true))
            writer.Write(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray(), 5_000_000_000);
        stream.Position = 0;
        using var reader = new PcapReader(stream, "memory");
        Assert.Equal(64, reader.SnapLength);
        Assert.True(reader.TryReadNext(out PcapRecord r));
        Assert.Equal(64, r.CapturedLength);
        Assert.Equal(200, r.OriginalLength);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), r.Data.ToArray());
        Assert.Equal(24, r.Offset);
    }

    [Fact]
    public void WriterRejectsTimestampsAClassicPcapCannotHold()
    {
        using var writer = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([1], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([1], MaxTimestamp + 1));
    }

    [Fact]
    public void ReadAllFramesFillsAMemoryPortFrameSource()
    {
        using var dir = new TempDirectory();
        string path = dir.File("frames.pcap");
        var frames = TestFrame.Random(seed: 3, count: 5);
        TestFrame.WritePcap(path, frames, nanosecond: false);

        List<byte[]> loaded = PcapReader.ReadAllFrames(path);
        Assert.Equal(frames.Select(f => f.Data), loaded);
        var source = new FrameSource(loaded, count: -1);
        Assert.Equal(5, source.FrameCount);
    }
}
