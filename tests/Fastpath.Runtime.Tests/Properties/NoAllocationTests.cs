using Fastpath.Headers;

namespace Fastpath.Tests.Properties;

/// <summary>The hot path allocates nothing: parsing and moving packets through a port leave the thread's allocation counter still.</summary>
public class NoAllocationTests
{
    [Fact]
    public void AMillionParsesAllocateNothing()
    {
        List<byte[]> frames = SyntheticFrames.Create("dns", 16);
        frames.AddRange(SyntheticFrames.Create("dns6", 16));
        byte[][] array = [.. frames];
        long checksum = ParseAll(array, 100_000); // warm up: JIT tiers and statics
        long allocated = Support.AllocationProbe.SmallestOfThree(() => checksum += ParseAll(array, 1_000_000));
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long ParseAll(byte[][] frames, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            if (StandardPacket.TryParse(frames[i & (frames.Length - 1)], out var p))
                sum += p.Udp.DestinationPort + p.Dns.Id + p.Payload.Length;
        }
        return sum;
    }

    [Fact]
    public void AMillionPacketsThroughTheMemoryPortAllocateNothing()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        var spec = new PortSpec("memory", "synthetic=dns,count=3001000,drop");
        MemoryPort port = PortFactory.OpenMemory(spec, cache);
        PacketBuffer[] burst = new PacketBuffer[Burst.MaxSize];

        long warm = Pump(ref port, burst, 1000);
        long packets = 0;
        int windows = 0;
        long allocated = Support.AllocationProbe.SmallestOfThree(() =>
        {
            packets += Pump(ref port, burst, 1_000_000);
            windows++;
        });
        long rest = Pump(ref port, burst, long.MaxValue);

        Assert.Equal(0, allocated);
        Assert.Equal(windows * 1_000_000L, packets);
        Assert.Equal(3_001_000, warm + packets + rest);
        Assert.True(port.IsExhausted);
        Assert.Equal(3_001_000, port.Counters.TxPackets);
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    // A minimal poll loop, generic over the port so the JIT specializes it: receive, parse, transmit.
    private static long Pump<TPort>(ref TPort port, Span<PacketBuffer> burst, long limit) where TPort : struct, IPort
    {
        long done = 0;
        while (done < limit)
        {
            int n = port.ReceiveBurst(burst[..(int)Math.Min(burst.Length, limit - done)]);
            if (n == 0)
                break;
            for (int i = 0; i < n; i++)
            {
                StandardPacket.TryParse(burst[i].Data, out var p);
                // A header view is a value: take it into a local to write through it.
                var udp = p.Udp;
                if (udp.IsValid)
                    udp.SourcePort = 4242;
            }
            // Not Assert.Equal here: its generic formatting path allocates, and this loop is what is measured.
            if (port.TransmitBurst(burst[..n]) != n)
                throw new InvalidOperationException("the drop port refused packets");
            done += n;
        }
        return done;
    }
}
