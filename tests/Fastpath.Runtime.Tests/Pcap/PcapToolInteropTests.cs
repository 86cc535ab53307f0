using System.Globalization;
using System.Text;

namespace Fastpath.Tests.Pcap;

/// <summary>Files written by Wireshark's tools (made here, at run time) read by <see cref="PcapReader"/>, and files written by <see cref="PcapWriter"/> read by tshark and capinfos.</summary>
public class PcapToolInteropTests
{
    [Fact]
    public void ReadsText2pcapClassicPcap()
    {
        using var dir = new TempDirectory();
        var frames = TestFrame.Random(seed: 11, count: 40);
        string pcap = Text2pcap(dir, frames, "pcap", "t2p.pcap");

        using var reader = new PcapReader(pcap);
        Assert.False(reader.IsPcapNg);
        Assert.False(reader.NanosecondTimestamps);
        Assert.Equal(PcapLinkType.Ethernet, reader.LinkType);
        AssertSame(frames, TestFrame.ReadAll(reader), microseconds: true);
    }

    [Fact]
    public void ReadsText2pcapNanosecondPcap()
    {
        using var dir = new TempDirectory();
        var frames = TestFrame.Random(seed: 12, count: 40);
        string pcap = Text2pcap(dir, frames, "nsecpcap", "t2p-ns.pcap");

        using var reader = new PcapReader(pcap);
        Assert.True(reader.NanosecondTimestamps);
        AssertSame(frames, TestFrame.ReadAll(reader), microseconds: false);
    }

    [Fact]
    public void ReadsText2pcapPcapNg()
    {
        using var dir = new TempDirectory();
        var frames = TestFrame.Random(seed: 13, count: 40);
        // text2pcap 4.x writes pcapng by default and calls -n deprecated; -F pcapng says the same on every 4.x.
        string pcapng = Text2pcap(dir, frames, "pcapng", "t2p.pcapng");

        using var reader = new PcapReader(pcapng);
        Assert.True(reader.IsPcapNg);
        Assert.Equal(PcapLinkType.Ethernet, reader.LinkType);
        // text2pcap describes its interface with if_tsresol 9.
        Assert.True(reader.NanosecondTimestamps);
        var read = TestFrame.ReadAll(reader);
        AssertSame(frames, read, microseconds: false);
        Assert.All(read, r => Assert.Equal(0, r.Interface));
    }

    [Fact]
    public void ReadsEditcapConversions()
    {
        using var dir = new TempDirectory();
        var frames = TestFrame.Random(seed: 14, count: 40);
        string pcap = Text2pcap(dir, frames, "pcap", "source.pcap");
        string nsec = dir.File("edit-ns.pcap");
        string pcapng = dir.File("edit.pcapng");
        CaptureTools.Run("editcap", "-F", "nsecpcap", pcap, nsec);
        CaptureTools.Run("editcap", "-F", "pcapng", pcap, pcapng);

        using (var reader = new PcapReader(nsec))
        {
            Assert.True(reader.NanosecondTimestamps);
            // The nanosecond copy of a microsecond file holds the microsecond times.
            AssertSame(frames, TestFrame.ReadAll(reader), microseconds: true);
        }
        using (var reader = new PcapReader(pcapng))
        {
            Assert.True(reader.IsPcapNg);
            // No if_tsresol from a microsecond source: the pcapng default, microseconds.
            Assert.False(reader.NanosecondTimestamps);
            AssertSame(frames, TestFrame.ReadAll(reader), microseconds: true);
        }
    }

    [Fact]
    public void ReadsConcatenatedPcapNgSectionsWithTheirOwnLinkTypes()
    {
        using var dir = new TempDirectory();
        var ethernet = TestFrame.Random(seed: 15, count: 10);
        var raw = TestFrame.Random(seed: 16, count: 10);
        string first = Text2pcap(dir, ethernet, "pcapng", "first.pcapng");
        string second = Text2pcap(dir, raw, "pcapng", "second.pcapng", "-l", "101");
        // Two pcapng files back to back are one file of two sections (pcapng spec, "Section Header Block").
        string both = dir.File("both.pcapng");
        File.WriteAllBytes(both, [.. File.ReadAllBytes(first), .. File.ReadAllBytes(second)]);

        using var reader = new PcapReader(both);
        var read = TestFrame.ReadAll(reader);
        AssertSame([.. ethernet, .. raw], read, microseconds: false);
        Assert.All(read.Take(10), r => Assert.Equal((0, PcapLinkType.Ethernet), (r.Interface, r.LinkType)));
        Assert.All(read.Skip(10), r => Assert.Equal((1, PcapLinkType.Raw), (r.Interface, r.LinkType)));
        Assert.Equal(2, reader.InterfaceCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TsharkReadsOurPcap(bool nanosecond)
    {
        using var dir = new TempDirectory();
        string path = dir.File(nanosecond ? "ours-ns.pcap" : "ours.pcap");
        var frames = TestFrame.Random(seed: 21, count: 60, minLength: 1, maxLength: 9000);
        TestFrame.WritePcap(path, frames, nanosecond);

        string output = CaptureTools.Run("tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.time_epoch");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(frames.Count, lines.Length);
        for (int i = 0; i < frames.Count; i++)
        {
            string[] fields = lines[i].Split('\t');
            Assert.Equal(frames[i].Data.Length, int.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(frames[i].Data.Length, int.Parse(fields[1], CultureInfo.InvariantCulture));
            long ns = (long)(decimal.Parse(fields[2], CultureInfo.InvariantCulture) * 1_000_000_000m);
            Assert.Equal(nanosecond ? frames[i].TimestampNs : frames[i].MicrosecondTimestamp, ns);
        }
    }

    [Fact]
    public void TsharkSeesSnapLengthCuts()
    {
        using var dir = new TempDirectory();
        string path = dir.File("snap.pcap");
        using (var writer = new PcapWriter(path, snapLength: 96))
        {
            writer.Write(new byte[60], 1_000_000_000);
            writer.Write(new byte[300], 2_000_000_000);
        }
        string output = CaptureTools.Run("tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len");
        Assert.Equal(["60\t60", "300\t96"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void CapinfosCountsOurPcap()
    {
        using var dir = new TempDirectory();
        string path = dir.File("count.pcap");
        var frames = TestFrame.Random(seed: 22, count: 123);
        TestFrame.WritePcap(path, frames, nanosecond: true);

        // -T -r: one tab-separated line without a header; -c: the packet count; -M: exact numbers.
        string output = CaptureTools.Run("capinfos", "-T", "-r", "-M", "-c", path);
        Assert.Equal($"{path}\t123", output.Trim());
    }

    private static void AssertSame(IReadOnlyList<TestFrame> expected, List<(byte[] Data, int OriginalLength, long TimestampNs, int Interface, PcapLinkType LinkType)> read, bool microseconds)
    {
        Assert.Equal(expected.Count, read.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Data, read[i].Data);
            Assert.Equal(expected[i].Data.Length, read[i].OriginalLength);
            Assert.Equal(microseconds ? expected[i].MicrosecondTimestamp : expected[i].TimestampNs, read[i].TimestampNs);
        }
    }

    // Write the frames as a text2pcap hex dump, each preceded by its time, and convert it.
    private static string Text2pcap(TempDirectory dir, IEnumerable<TestFrame> frames, string format, string name, params string[] extra)
    {
        var dump = new StringBuilder();
        foreach (TestFrame f in frames)
        {
            DateTime time = DateTimeOffset.FromUnixTimeSeconds(f.TimestampNs / 1_000_000_000L).UtcDateTime;
            dump.Append(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                .Append('.').Append((f.TimestampNs % 1_000_000_000L).ToString("D9", CultureInfo.InvariantCulture)).Append('\n');
            for (int offset = 0; offset < f.Data.Length; offset += 16)
            {
                dump.Append(offset.ToString("x6", CultureInfo.InvariantCulture)).Append(' ');
                for (int i = offset; i < Math.Min(offset + 16, f.Data.Length); i++)
                    dump.Append(' ').Append(f.Data[i].ToString("x2", CultureInfo.InvariantCulture));
                dump.Append('\n');
            }
        }
        string text = dir.File(name + ".txt");
        File.WriteAllText(text, dump.ToString());
        string output = dir.File(name);
        CaptureTools.Run("text2pcap", [.. extra, "-q", "-t", "%Y-%m-%d %H:%M:%S.%f", "-F", format, text, output]);
        return output;
    }
}
