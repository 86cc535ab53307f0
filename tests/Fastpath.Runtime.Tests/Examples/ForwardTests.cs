using Fastpath.Examples.Forward;
using Fastpath.Headers;
using Fastpath.Tables;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Examples;

/// <summary>examples/forward end to end: L2 on memory ports, L3 on pcap files.</summary>
public class ForwardTests
{
    [Fact]
    public void L2SwapsMacsAndSendsOutOfThePairedPort()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = SyntheticFrames.Create("dns", 64, seed: 3);
        var options = new ForwardOptions([new PortSpec("memory", ""), new PortSpec("memory", "")], "l2", null, null, false, false);
        MemoryPort[] ports =
        [
            new MemoryPort(new MemoryRing(1024), null, new FrameSource(frames, 1000), cache, MemoryPort.TransmitMode.Drop, 0),
            new MemoryPort(new MemoryRing(1024), new MemoryRing(1024), null, cache, MemoryPort.TransmitMode.Ring, 1),
        ];
        EngineCounters totals = new Runner(options, pool, null, TextWriter.Null).Visit(ports);

        Assert.Equal(1000, totals.RxPackets);
        Assert.Equal(1000, totals.TxPackets);
        MemoryRing sent = ports[1].TransmitRing!;
        Assert.Equal(1000, sent.Count);
        var burst = new PacketBuffer[1000];
        Assert.Equal(1000, sent.Dequeue(burst));
        for (int i = 0; i < burst.Length; i++)
        {
            byte[] original = frames[i % frames.Count];
            Span<byte> data = burst[i].Data;
            Assert.True(data[..6].SequenceEqual(original.AsSpan(6, 6)), $"packet {i}: destination is the old source");
            Assert.True(data[6..12].SequenceEqual(original.AsSpan(0, 6)), $"packet {i}: source is the old destination");
            Assert.True(data[12..].SequenceEqual(original.AsSpan(12)), $"packet {i}: the rest is untouched");
        }
        cache.FreeBurst(burst);
        foreach (var worker in ports)
            Assert.Equal(0, worker.ReceiveRing.Count);
    }

    [Fact]
    public void L3RoutesDecrementsTtlRewritesMacsAndCountsWhatItDoesNotForward()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        var random = new Random(5);
        int toPortOne = 0, expiring = 0, unrouted = 0, arp = 0;
        using (var writer = new PcapWriter(input))
        {
            for (int i = 0; i < 400; i++)
            {
                byte[] frame = SyntheticFrames.UdpFrame(random, new byte[20], vlan: false, ipv6: false, 1000, 2000);
                Assert.True(StandardPacket.TryParse(frame, out var p));
                var ip = p.Ipv4;
                switch (i % 4)
                {
                    case 0: ip.Destination = new Ipv4Address(10, 1, 2, (byte)i); toPortOne++; break;          // 10.0.0.0/8 -> port 1
                    case 1: ip.Destination = new Ipv4Address(10, 1, 2, 3); ip.Ttl = 1; expiring++; break;  // slow path
                    case 2: ip.Destination = new Ipv4Address(203, 0, 113, 9); unrouted++; break;              // no route: drop
                    default: ip.Destination = new Ipv4Address(192, 0, 2, 1); break;                           // 192.0.2.0/24 -> port 0
                }
                ip.UpdateChecksum();
                writer.Write(frame, 1_700_000_000_000_000_000L + i);
            }
            writer.Write(Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080006040001000c29aabbccc0a80101000000000000c0a80102"), 1_700_000_001_000_000_000L);
            arp++;
        }
        string emptyInput = dir.File("empty.pcap");
        using (new PcapWriter(emptyInput))
        {
        }
        string routesPath = dir.File("routes.txt");
        File.WriteAllText(routesPath, "# test routes\n10.0.0.0/8 02:aa:00:00:00:01 1\n192.0.2.0/24 02:aa:00:00:00:00 0\n");
        RoutesFile routes = RoutesFile.Parse(routesPath);

        using var pool = new BufferPool(4096);
        PortSpec[] specs = [new("pcap", $"{input},{dir.File("out0.pcap")}"), new("pcap", $"{emptyInput},{dir.File("out1.pcap")}")];
        var options = new ForwardOptions(specs, "l3", routesPath, null, false, false);
        EngineCounters totals = PortFactory.RunAll(specs, pool.CreateCache(), new Runner(options, pool, routes, TextWriter.Null));

        Assert.Equal(401, totals.RxPackets);
        Assert.Equal(expiring + arp, totals.SlowPath);
        Assert.Equal(unrouted, totals.Dropped);
        Assert.Equal(401 - expiring - arp - unrouted, totals.TxPackets);

        List<byte[]> portOne = PcapReader.ReadAllFrames(dir.File("out1.pcap"));
        Assert.Equal(toPortOne, portOne.Count);
        foreach (byte[] frame in portOne)
        {
            Assert.True(StandardPacket.TryParse(frame, out var p));
            Assert.Equal("02:aa:00:00:00:01", p.Ethernet.Destination.ToString());
            Assert.Equal("02:00:00:00:00:01", p.Ethernet.Source.ToString());
            Assert.Equal(63, p.Ipv4.Ttl);
            Assert.True(p.Ipv4.IsChecksumValid);
            Assert.Equal(10u, p.Ipv4.Destination.Value >> 24);
        }
        Assert.Equal(400 - toPortOne - expiring - unrouted, PcapReader.ReadAllFrames(dir.File("out0.pcap")).Count);
    }
}

/// <summary>The engine with generated rules and a live table allocates nothing per packet.</summary>
public class ForwardAllocationTests
{
    [Fact]
    public void AMillionRoutedPacketsThroughTheEngineAllocateNothing()
    {
        using var pool = new BufferPool(8192);
        var routes = new Ipv4Routes();
        MacAddress portOne = new(0x0200_0000_0001);
        Assert.True(routes.TryApply(
        [
            TableUpdate<Ipv4Routes.Key, Ipv4Routes.Action>.Insert(new(Ipv4Prefix.Parse("0.0.0.0/0")), Ipv4Routes.Action.Forward(new MacAddress(0x02AA_0000_0002), portOne, 1)),
            TableUpdate<Ipv4Routes.Key, Ipv4Routes.Action>.Insert(new(Ipv4Prefix.Parse("192.0.2.0/24")), Ipv4Routes.Action.Forward(new MacAddress(0x02AA_0000_0001), portOne, 1)),
        ], out string error), error);
        var processor = new L3Forward { Routes = routes.CreateReader(0) };
        List<byte[]> frames = SyntheticFrames.Create("dns", 64);

        Worker<MemoryPort, L3Forward> Build(long packets)
        {
            BufferCache cache = pool.CreateCache();
            MemoryPort[] ports =
            [
                new MemoryPort(new MemoryRing(1024), null, new FrameSource(frames, packets), cache, MemoryPort.TransmitMode.Drop, 0),
                new MemoryPort(new MemoryRing(1024), null, null, cache, MemoryPort.TransmitMode.Drop, 1),
            ];
            return new Worker<MemoryPort, L3Forward>(ports, processor, cache);
        }

        Build(10_000).Run(); // warm up: JIT tiers, statics
        Worker<MemoryPort, L3Forward>[] workers = [Build(1_000_000), Build(1_000_000), Build(1_000_000)];
        int next = 0;
        EngineCounters? counters = null;
        long allocated = Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() => counters = workers[next++].Run());

        Assert.Equal(0, allocated);
        Assert.Equal(1_000_000, counters!.RxPackets);
        Assert.Equal(1_000_000, counters.TxPackets);
    }
}
