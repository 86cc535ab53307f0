using Fastpath.Headers;

namespace Fastpath.Tests.Ports;

public class MemoryPortTests
{
    [Fact]
    public void SyntheticFramesArriveInOrderAndLoopBack()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        MemoryPort port = PortFactory.OpenMemory(new PortSpec("memory", "synthetic=dns6,count=40,loop"), cache, portId: 3);
        Span<PacketBuffer> burst = new PacketBuffer[Burst.MaxSize];

        int first = port.ReceiveBurst(burst);
        Assert.Equal(32, first);
        Assert.All(burst[..first].ToArray(), b => Assert.Equal(3, b.Port));
        Assert.True(StandardPacket.TryParse(burst[0].Data, out var p));
        Assert.True(p.HasVlan && p.HasIpv6 && p.HasDns);
        ushort firstId = p.Dns.Id;

        // Transmit loops back: the same buffers come round first, then the source's remaining 8.
        Assert.Equal(first, port.TransmitBurst(burst[..first]));
        Assert.False(port.IsExhausted);
        int second = port.ReceiveBurst(burst);
        Assert.Equal(32, second);
        Assert.True(StandardPacket.TryParse(burst[0].Data, out p));
        Assert.Equal(firstId, p.Dns.Id);
        cache.FreeBurst(burst[..second]);
        int third = port.ReceiveBurst(burst);
        Assert.Equal(8, third);
        Assert.True(port.IsExhausted);
        cache.FreeBurst(burst[..third]);
        Assert.Equal(0, port.ReceiveBurst(burst));
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void TransmitRingStopsWhenFullAndLeavesTheRestToTheCaller()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        MemoryPort port = PortFactory.OpenMemory(new PortSpec("memory", "synthetic=udp,count=64,ring=16"), cache);
        Span<PacketBuffer> burst = new PacketBuffer[Burst.MaxSize];
        int n = port.ReceiveBurst(burst);
        Assert.Equal(32, n);
        Assert.Equal(16, port.TransmitBurst(burst[..n]));
        Assert.Equal(16, port.TransmitRing!.Count);
        cache.FreeBurst(burst[16..n]);
    }

    [Theory]
    [InlineData("memory:synthetic=nope", "synthetic traffic 'nope' is unknown")]
    [InlineData("memory:count=-5,synthetic=dns", "count '-5'")]
    [InlineData("memory:ring=1000", "ring '1000' is not a power of two")]
    [InlineData("memory:bogus", "unknown option 'bogus'")]
    public void BadOptionsSayWhatIsWrong(string text, string message)
    {
        Assert.True(PortSpec.TryParse(text, out PortSpec? spec, out _));
        using var pool = new BufferPool(64);
        var ex = Assert.Throws<ArgumentException>(() => PortFactory.OpenMemory(spec!, pool.CreateCache(64)));
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("", "expected kind:args")]
    [InlineData("tap:eth0", "unknown kind 'tap'")]
    public void BadPortNamesSayWhatIsAccepted(string text, string message)
    {
        Assert.False(PortSpec.TryParse(text, out _, out string? error));
        Assert.Contains(message, error);
        Assert.Contains("memory", error);
    }

    [Fact]
    public void PoolHandsOutEveryBufferOnceAndTakesThemBack()
    {
        using var pool = new BufferPool(100);
        BufferCache a = pool.CreateCache(64);
        BufferCache b = pool.CreateCache(64);
        var seen = new HashSet<nint>();
        var taken = new List<(BufferCache, PacketBuffer)>();
        for (int i = 0; i < 100; i++)
        {
            // The first bulk through one cache, the rest through the other: a cache's leftovers are its own (as in DPDK).
            BufferCache c = i < 32 ? a : b;
            Assert.True(c.TryAlloc(out PacketBuffer buffer), $"allocation {i}");
            unsafe
            {
                Assert.True(seen.Add((nint)buffer.Descriptor));
            }
            Assert.True(pool.Owns(buffer));
            Assert.Equal(BufferPool.DefaultHeadroom, buffer.Headroom);
            taken.Add((c, buffer));
        }
        Assert.False(b.TryAlloc(out _));
        Assert.Equal(0, a.Count);
        foreach ((BufferCache c, PacketBuffer buffer) in taken)
            c.Free(buffer);
        a.Flush();
        b.Flush();
        Assert.Equal(100, pool.Available);
    }

    [Fact]
    public void BufferGrowsAndShrinksWithinItsRoom()
    {
        using var pool = new BufferPool(4, room: 256, headroom: 64);
        Assert.True(pool.TryAllocBulk(new PacketBuffer[1]));
        var one = new PacketBuffer[1];
        pool.FreeBulk(one.AsSpan(0, 0));
        BufferCache cache = pool.CreateCache(64);
        Assert.True(cache.TryAlloc(out PacketBuffer b));
        Assert.True(b.TryCopyFrom(new byte[100]));
        Assert.Equal(100, b.Length);
        Assert.True(b.TryPrepend(14));
        Assert.Equal(50, b.Headroom);
        Assert.False(b.TryPrepend(51));
        Assert.True(b.TryTrimFront(14));
        Assert.False(b.TrySetLength(193));
        Assert.True(b.TrySetLength(192));
        Assert.Equal(0, b.Tailroom);
        Assert.False(b.TryCopyFrom(new byte[193]));
    }
}
