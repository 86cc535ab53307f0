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
        long checksum = ParseAll(array, 1000); // warm up: JIT tiers and statics
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += ParseAll(array, 1_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
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
        var spec = new PortSpec("memory", "synthetic=dns,count=1001000,drop");
        MemoryPort port = PortFactory.OpenMemory(spec, cache);
        Span<PacketBuffer> burst = stackalloc PacketBuffer[Burst.MaxSize];

        long warm = Pump(ref port, burst, 1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long packets = Pump(ref port, burst, 1_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1_000_000, packets);
        Assert.Equal(1_001_000, warm + packets);
        Assert.True(port.IsExhausted);
        Assert.Equal(1_001_000, port.Counters.TxPackets);
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
