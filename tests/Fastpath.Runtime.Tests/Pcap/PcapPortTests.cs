namespace Fastpath.Tests.Pcap;

public class PcapPortTests
{
    [Fact]
    public void ReceiveTransmitCopiesTheCaptureAndCounts()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        string output = dir.File("out.pcap");
        var frames = TestFrame.Random(seed: 31, count: 300, minLength: 60, maxLength: 1514);
        // One record larger than a buffer's room (2048 - 128): skipped and counted, not sent.
        frames.Insert(100, new TestFrame(new byte[3000], frames[99].TimestampNs + 1));
        TestFrame.WritePcap(input, frames, nanosecond: true);

        using var pool = new BufferPool(128);
        BufferCache cache = pool.CreateCache();
        Assert.True(PortSpec.TryParse($"pcap:{input},{output}", out PortSpec? spec, out string? error), error);
        PcapPort port = PcapPort.Open(spec!, cache, portId: 3);
        var burst = new PacketBuffer[32];
        int received = 0;
        using (port)
        {
            Assert.True(port.Reader.NanosecondTimestamps);
            while (!port.IsExhausted)
            {
                int n = port.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(3, burst[i].Port);
                    TestFrame expected = frames[received + i >= 100 ? received + i + 1 : received + i];
                    Assert.Equal(expected.TimestampNs, burst[i].Timestamp);
                }
                received += n;
                Assert.Equal(n, port.TransmitBurst(burst.AsSpan(0, n)));
                if (n < burst.Length)
                    port.Flush();
            }
        }

        Assert.Equal(300, port.Counters.RxPackets);
        Assert.Equal(300, port.Counters.TxPackets);
        Assert.Equal(0, port.Counters.TxDropped);
        Assert.Equal(1, port.Counters.Oversized);
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);

        frames.RemoveAt(100);
        using var reader = new PcapReader(output);
        Assert.True(reader.NanosecondTimestamps);
        var read = TestFrame.ReadAll(reader);
        Assert.Equal(frames.Select(f => f.Data), read.Select(r => r.Data));
        Assert.Equal(frames.Select(f => f.TimestampNs), read.Select(r => r.TimestampNs));
    }

    [Fact]
    public void WithoutAnOutputTransmitDropsAndCounts()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        TestFrame.WritePcap(input, TestFrame.Random(seed: 32, count: 50), nanosecond: false);
        using var pool = new BufferPool(64);
        BufferCache cache = pool.CreateCache();

        using PcapPort port = PcapPort.Open(new PortSpec("pcap", input), cache);
        Assert.Null(port.Writer);
        var burst = new PacketBuffer[32];
        while (!port.IsExhausted)
            port.TransmitBurst(burst.AsSpan(0, port.ReceiveBurst(burst)));

        Assert.Equal(50, port.Counters.RxPackets);
        Assert.Equal(50, port.Counters.TxPackets);
        Assert.Equal(50, port.Counters.TxDropped);
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AnEmptyPoolLeavesRecordsForTheNextBurst()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        var frames = TestFrame.Random(seed: 33, count: 50);
        TestFrame.WritePcap(input, frames, nanosecond: false);
        using var pool = new BufferPool(40);
        BufferCache cache = pool.CreateCache();
        using PcapPort port = PcapPort.Open(new PortSpec("pcap", input), cache);

        var first = new PacketBuffer[32];
        var second = new PacketBuffer[32];
        Assert.Equal(32, port.ReceiveBurst(first));
        Assert.Equal(8, port.ReceiveBurst(second));
        Assert.Equal(0, port.ReceiveBurst(second.AsSpan(8)));
        Assert.False(port.IsExhausted);

        port.TransmitBurst(first);
        port.TransmitBurst(second.AsSpan(0, 8));
        var rest = new PacketBuffer[32];
        int n = port.ReceiveBurst(rest);
        Assert.Equal(10, n);
        Assert.Equal(frames[40].Data, rest[0].Data.ToArray());
        Assert.True(port.IsExhausted);
        port.TransmitBurst(rest.AsSpan(0, n));
        Assert.Equal(50, port.Counters.RxPackets);
    }

    [Fact]
    public void OpenNamesAMissingInputFile()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nowhere.pcap");
        using var pool = new BufferPool(64);
        var e = Assert.Throws<FileNotFoundException>(() => PcapPort.Open(new PortSpec("pcap", missing), pool.CreateCache()));
        Assert.Contains(missing, e.Message);
        Assert.Equal(missing, e.FileName);
    }

    [Fact]
    public void OpenRejectsOtherKindsAndBadArguments()
    {
        using var pool = new BufferPool(64);
        Assert.Throws<ArgumentException>(() => PcapPort.Open(new PortSpec("memory", "a.pcap"), pool.CreateCache()));
        Assert.Throws<ArgumentException>(() => PcapPort.Open(new PortSpec("pcap", ""), pool.CreateCache()));
        Assert.Throws<ArgumentException>(() => PcapPort.Open(new PortSpec("pcap", "a,b,c"), pool.CreateCache()));
    }
}
