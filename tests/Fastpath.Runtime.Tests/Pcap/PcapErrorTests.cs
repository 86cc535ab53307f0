namespace Fastpath.Tests.Pcap;

/// <summary>Corrupt headers throw <see cref="PcapFormatException"/> naming file and offset; a truncated last record ends the reading with a warning.</summary>
public class PcapErrorTests
{
    [Fact]
    public void BadMagicThrowsAtOffsetZero()
    {
        using var dir = new TempDirectory();
        string path = dir.File("notes.txt");
        File.WriteAllText(path, "this is not a capture file at all");

        var e = Assert.Throws<PcapFormatException>(() => new PcapReader(path));
        Assert.Equal(0, e.Offset);
        Assert.StartsWith($"{path}: byte 0: unknown magic 0x73696874", e.Message);
    }

    [Fact]
    public void EmptyAndShortFilesThrowAtOffsetZero()
    {
        var empty = Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(), "empty.pcap"));
        Assert.Equal("empty.pcap: byte 0: empty file: no pcap or pcapng header", empty.Message);

        byte[] header = new ByteWriter().ClassicHeader(nanosecond: false).ToArray();
        var shortHeader = Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(header[..10]), "short.pcap"));
        Assert.Equal("short.pcap: byte 0: file header truncated: 10 of 24 bytes", shortHeader.Message);

        byte[] section = new ByteWriter().SectionHeader(bigEndian: false).ToArray();
        var shortSection = Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(section[..20]), "short.pcapng"));
        Assert.Equal(0, shortSection.Offset);
    }

    [Fact]
    public void CorruptRecordLengthThrowsAtTheRecord()
    {
        byte[] file = new ByteWriter()
            .ClassicHeader(nanosecond: false)
            .ClassicRecord(1, 0, new byte[10])
            .U32(2).U32(0).U32(4_000_000).U32(60)
            .Bytes(new byte[60])
            .ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "capture.pcap");
        Assert.True(reader.TryReadNext(out _));
        var e = Assert.Throws<PcapFormatException>(() => reader.TryReadNext(out _));
        Assert.Equal(24 + 16 + 10, e.Offset);
        Assert.Equal("capture.pcap: byte 50: record length 4000000 exceeds 262144", e.Message);
    }

    [Fact]
    public void InconsistentPcapNgBlockLengthsThrowAtTheBlock()
    {
        var w = new ByteWriter().SectionHeader(bigEndian: true).InterfaceDescription(1);
        int offset = w.Length;
        byte[] file = w.U32(6).U32(48).Bytes(new byte[36]).U32(44).ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "bad.pcapng");
        var e = Assert.Throws<PcapFormatException>(() => reader.TryReadNext(out _));
        Assert.Equal(offset, e.Offset);
        Assert.Equal($"bad.pcapng: byte {offset}: block length 48 at the start but 44 at the end", e.Message);
    }

    [Fact]
    public void PcapNgPacketLongerThanItsBlockThrows()
    {
        var w = new ByteWriter().SectionHeader(bigEndian: false).InterfaceDescription(1);
        int offset = w.Length;
        byte[] file = w.Block(6, b => b.U32(0).U32(0).U32(0).U32(100).U32(100).Bytes(new byte[8])).ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "bad.pcapng");
        var e = Assert.Throws<PcapFormatException>(() => reader.TryReadNext(out _));
        Assert.Equal(offset, e.Offset);
        Assert.Contains("captured length 100 does not fit in block length 40", e.Message);
    }

    [Fact]
    public void PcapNgPacketOnAnUndescribedInterfaceThrows()
    {
        byte[] file = new ByteWriter().SectionHeader(bigEndian: false).InterfaceDescription(1).EnhancedPacket(1, 0, [1, 2]).ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "bad.pcapng");
        var e = Assert.Throws<PcapFormatException>(() => reader.TryReadNext(out _));
        Assert.Contains("packet on interface 1, but this section describes 1 interface(s)", e.Message);
    }

    [Fact]
    public void TruncatedLastRecordKeepsTheRecordsBeforeIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.pcap");
        var frames = TestFrame.Random(seed: 5, count: 13, minLength: 58, maxLength: 58);
        TestFrame.WritePcap(path, frames, nanosecond: false);
        // Keep 40 of the last record's 74 bytes (16 header + 58 data), as a killed capture would.
        long full = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open))
            f.SetLength(full - 34);

        using var reader = new PcapReader(path);
        var read = TestFrame.ReadAll(reader);
        Assert.Equal(frames.Take(12).Select(f => f.Data), read.Select(r => r.Data));
        long offset = full - 74;
        Assert.Equal(offset, reader.TruncatedRecordOffset);
        Assert.Equal($"{path}: byte {offset}: last record truncated: 40 of 74 bytes; 12 records read", reader.Warning);
        Assert.True(reader.EndOfFile);
        Assert.False(reader.TryReadNext(out _));
    }

    [Fact]
    public void TruncatedRecordHeaderIsATruncatedRecord()
    {
        byte[] file = new ByteWriter().ClassicHeader(nanosecond: true).ClassicRecord(1, 2, [9, 9]).U32(3).U32(4).ToArray();

        using var reader = new PcapReader(new MemoryStream(file), "cut.pcap");
        Assert.Single(TestFrame.ReadAll(reader));
        Assert.Equal(42, reader.TruncatedRecordOffset);
        Assert.Equal("cut.pcap: byte 42: last record truncated: 8 of at least 16 bytes; 1 records read", reader.Warning);
    }

    [Fact]
    public void TruncatedLastPcapNgBlockKeepsThePacketsBeforeIt()
    {
        var w = new ByteWriter().SectionHeader(bigEndian: true).InterfaceDescription(1).EnhancedPacket(0, 1, [1, 2, 3]);
        int offset = w.Length;
        byte[] whole = w.EnhancedPacket(0, 2, new byte[40]).ToArray();
        byte[] file = whole[..(offset + 30)];

        using var reader = new PcapReader(new MemoryStream(file), "cut.pcapng");
        Assert.Single(TestFrame.ReadAll(reader));
        Assert.Equal(offset, reader.TruncatedRecordOffset);
        Assert.Equal($"cut.pcapng: byte {offset}: last record truncated: 30 of {whole.Length - offset} bytes; 1 records read", reader.Warning);
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "fastpath-no-such-" + Guid.NewGuid().ToString("N") + ".pcap");
        var e = Assert.Throws<FileNotFoundException>(() => new PcapReader(path));
        Assert.Contains(path, e.Message);
    }
}
