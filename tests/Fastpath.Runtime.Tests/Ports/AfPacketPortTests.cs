using System.Buffers.Binary;
using Fastpath.Headers;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Ports;

/// <summary>One veth pair (namespaces kpta and kptb) for the af_packet tests, made once for the class.</summary>
public sealed class AfPacketVeth : IDisposable
{
    internal VethPair Pair { get; } = new("kpt");

    /// <inheritdoc/>
    public void Dispose() => Pair.Dispose();
}

/// <summary>The af_packet port on a veth pair between two namespaces: frames cross intact and in order, fanout splits without loss, errors say what to do.</summary>
/// <remarks>
/// Each port is opened on a thread that has entered its namespace (<see cref="IsolatedThread"/>);
/// the socket stays there, and the test thread drives both ends. Needs root, as CI runs.
/// </remarks>
public class AfPacketPortTests(AfPacketVeth veth) : IClassFixture<AfPacketVeth>
{
    private const ushort TestEtherType = 0x88B5; // IEEE local experimental: nothing else on the link uses it
    private readonly VethPair _pair = veth.Pair;

    internal static AfPacketPort OpenIn(string ns, string arguments, BufferCache cache, ushort portId = 0) =>
        IsolatedThread.InNamespace(ns, () => AfPacketPort.Open(new PortSpec("af_packet", arguments), cache, portId));

    // A frame from b to a with a sequence number; every seventh carries an 802.1Q tag.
    internal static byte[] TestFrame(int sequence)
    {
        var random = new Random(sequence);
        bool tagged = sequence % 7 == 3;
        int length = 60 + random.Next(1455);
        var frame = new byte[length];
        VethPair.MacA.WriteTo(frame);
        VethPair.MacB.WriteTo(frame.AsSpan(6));
        int at = 12;
        if (tagged)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)(100 + sequence % 50));
            at = 16;
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(at), TestEtherType);
        random.NextBytes(frame.AsSpan(at + 6));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(at + 2), sequence);
        return frame;
    }

    // The sequence number of a test frame from b, or -1 for other traffic (IPv6 neighbour discovery and the like).
    internal static int SequenceOf(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 20 || new MacAddress(frame[6..12]) != VethPair.MacB)
            return -1;
        int at = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x8100 ? 16 : 12;
        return BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) == TestEtherType ? BinaryPrimitives.ReadInt32BigEndian(frame[(at + 2)..]) : -1;
    }

    // Transmit every frame on `tx`, in bursts, waiting for ring room when it is full; `drain` runs between bursts.
    internal static void SendAll(AfPacketPort tx, BufferCache cache, IReadOnlyList<byte[]> frames, Action drain)
    {
        var burst = new PacketBuffer[Burst.MaxSize];
        long deadline = Environment.TickCount64 + 5000;
        for (int start = 0; start < frames.Count; start += burst.Length)
        {
            int n = Math.Min(burst.Length, frames.Count - start);
            for (int i = 0; i < n; i++)
            {
                Assert.True(cache.TryAlloc(out burst[i]));
                Assert.True(burst[i].TryCopyFrom(frames[start + i]));
            }
            int sent = 0;
            while (sent < n)
            {
                sent += tx.TransmitBurst(burst.AsSpan(sent, n - sent));
                drain();
                Assert.True(Environment.TickCount64 < deadline, "the transmit ring drains");
            }
        }
        tx.Flush();
    }

    [Fact]
    public void FramesCrossTheVethIntactAndInOrder()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfPacketPort rx = OpenIn(_pair.NamespaceA, _pair.InterfaceA, cache, portId: 3);
        AfPacketPort tx = OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            const int total = 3000;
            var frames = Enumerable.Range(0, total).Select(TestFrame).ToList();
            var received = new List<byte[]>();
            long other = 0;
            var burst = new PacketBuffer[Burst.MaxSize];
            void Drain()
            {
                int n = rx.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(3, burst[i].Port);
                    Assert.True(burst[i].Timestamp > 0, "the ring's timestamp is kept");
                    if (SequenceOf(burst[i].Data) >= 0)
                        received.Add(burst[i].Data.ToArray());
                    else
                        other++;
                }
                cache.FreeBurst(burst.AsSpan(0, n));
            }

            SendAll(tx, cache, frames, Drain);
            long deadline = Environment.TickCount64 + 3000;
            while (received.Count < total && Environment.TickCount64 < deadline)
            {
                // The kernel hands a partly filled block over when its timer (timeout=, 1 ms, a tick at least) retires it.
                if (!rx.WaitForPackets(50))
                    continue;
                Drain();
            }

            Assert.Equal(total, received.Count);
            for (int i = 0; i < total; i++)
                Assert.True(frames[i].AsSpan().SequenceEqual(received[i]), $"frame {i} arrives intact and in order (VLAN tag put back: {i % 7 == 3})");

            Drain();
            rx.ReadKernelStatistics();
            AfPacketPortCounters c = rx.Counters;
            Assert.Equal(total + other, c.RxPackets);
            Assert.Equal(0, c.KernelDrops);
            Assert.Equal(c.KernelPackets, c.RxPackets + c.RxOversized + c.RxOutgoing + c.KernelDrops);
            Assert.Equal(total, tx.Counters.TxPackets);
            Assert.Equal(0, tx.Counters.TxDropped + tx.Counters.TxKickErrors);
        }
        finally
        {
            rx.Dispose();
            tx.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void TransmitCountsRuntsAndOversizedFramesAndSendsTheRest()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        AfPacketPort rx = OpenIn(_pair.NamespaceA, _pair.InterfaceA, cache);
        AfPacketPort tx = OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            Assert.Equal(1500, tx.Mtu);
            byte[] runt = TestFrame(1)[..13];
            byte[] full = new byte[1514];
            TestFrame(2).AsSpan(0, 20).CopyTo(full);
            byte[] tooLong = new byte[1515];
            TestFrame(5).AsSpan(0, 20).CopyTo(tooLong); // untagged: 1514 is its limit
            byte[][] frames = [runt, full, tooLong, TestFrame(4)];
            var buffers = new PacketBuffer[frames.Length];
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(cache.TryAlloc(out buffers[i]));
                Assert.True(buffers[i].TryCopyFrom(frames[i]));
            }
            Assert.Equal(frames.Length, tx.TransmitBurst(buffers));
            Assert.Equal(1, tx.Counters.TxRunts);
            Assert.Equal(1, tx.Counters.TxOversized);
            Assert.Equal(2, tx.Counters.TxPackets);

            var seen = new List<int>();
            var burst = new PacketBuffer[Burst.MaxSize];
            long deadline = Environment.TickCount64 + 3000;
            while (seen.Count < 2 && Environment.TickCount64 < deadline)
            {
                rx.WaitForPackets(50);
                int n = rx.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    if (SequenceOf(burst[i].Data) is int s and >= 0)
                        seen.Add(s);
                }
                cache.FreeBurst(burst.AsSpan(0, n));
            }
            Assert.Equal(new[] { 2, 4 }, seen);
        }
        finally
        {
            rx.Dispose();
            tx.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void HashFanoutSplitsFlowsOverTwoSocketsAndLosesNothing()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        string fanout = $"{_pair.InterfaceA},fanout=hash,group=4242";
        AfPacketPort first = OpenIn(_pair.NamespaceA, fanout, cache, portId: 0);
        AfPacketPort second = OpenIn(_pair.NamespaceA, fanout, cache, portId: 1);
        AfPacketPort tx = OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            Assert.Equal(4242, first.FanoutGroup);
            const int total = 2000;
            var random = new Random(11);
            var frames = new List<byte[]>(total);
            for (int i = 0; i < total; i++)
            {
                // 64 flows (source ports) from b to a's address: the kernel answers port unreachable,
                // outgoing traffic that PACKET_IGNORE_OUTGOING keeps from the sockets.
                var payload = new byte[16];
                BinaryPrimitives.WriteInt32BigEndian(payload, i);
                byte[] frame = SyntheticFrames.UdpFrame(random, payload, vlan: false, ipv6: false, (ushort)(20000 + i % 64), 9);
                Assert.True(StandardPacket.TryParse(frame, out StandardPacket p));
                var ethernet = p.Ethernet;
                ethernet.Destination = VethPair.MacA;
                ethernet.Source = VethPair.MacB;
                var ip = p.Ipv4;
                ip.Source = VethPair.IpB;
                ip.Destination = VethPair.IpA;
                ip.UpdateChecksum();
                var udp = p.Udp;
                udp.UpdateChecksum(ip.PseudoHeaderSum(udp.Length), frame.AsSpan(p.UdpOffset + 8, 16));
                frames.Add(frame);
            }

            var got = new[] { new List<int>(), new List<int>() };
            long fromA = 0;
            var burst = new PacketBuffer[Burst.MaxSize];
            void Drain()
            {
                AfPacketPort[] both = [first, second];
                for (int s = 0; s < 2; s++)
                {
                    int n = both[s].ReceiveBurst(burst);
                    for (int i = 0; i < n; i++)
                    {
                        Span<byte> data = burst[i].Data;
                        if (new MacAddress(data[6..12]) == VethPair.MacA)
                            fromA++;
                        else if (StandardPacket.TryParse(data, out StandardPacket p) && p.HasUdp && p.Udp.DestinationPort == 9)
                            got[s].Add(BinaryPrimitives.ReadInt32BigEndian(data[(p.UdpOffset + 8)..]));
                    }
                    cache.FreeBurst(burst.AsSpan(0, n));
                }
            }
            SendAll(tx, cache, frames, Drain);
            long deadline = Environment.TickCount64 + 3000;
            while (got[0].Count + got[1].Count < total && Environment.TickCount64 < deadline)
            {
                first.WaitForPackets(20);
                Drain();
            }

            Assert.True(got[0].Count > 0 && got[1].Count > 0, $"both sockets get traffic ({got[0].Count} and {got[1].Count})");
            Assert.Equal(Enumerable.Range(0, total), got[0].Concat(got[1]).Order());
            foreach (List<int> one in got)
                Assert.Equal(one.Order(), one); // each socket sees its flows in order
            Assert.Equal(0, fromA);
            first.ReadKernelStatistics();
            second.ReadKernelStatistics();
            Assert.Equal(0, first.Counters.KernelDrops + second.Counters.KernelDrops);
        }
        finally
        {
            first.Dispose();
            second.Dispose();
            tx.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AMissingInterfaceIsNamedWithWhereToLook()
    {
        using var pool = new BufferPool(64);
        var e = Assert.Throws<IOException>(() => OpenIn(_pair.NamespaceA, "nosuchif0", pool.CreateCache(64)));
        Assert.Contains("port 'af_packet:nosuchif0': interface 'nosuchif0' not found", e.Message);
        Assert.Contains("`ip link`", e.Message);
    }

    [Fact]
    public void WithoutCapNetRawTheErrorSaysWhatIsNeeded()
    {
        using var pool = new BufferPool(64);
        BufferCache cache = pool.CreateCache(64);
        var e = Assert.Throws<IOException>(() => IsolatedThread.InNamespace(_pair.NamespaceA,
            () => IsolatedThread.WithoutCapabilities(() => AfPacketPort.Open(new PortSpec("af_packet", "lo"), cache))));
        Assert.Contains("port 'af_packet:lo': af_packet needs root or CAP_NET_RAW", e.Message);
    }

    [Fact]
    public void ADownInterfaceSaysHowToBringItUp()
    {
        // A second pair inside namespace a, left down; it goes when the namespace does.
        VethPair.Command("ip", "-n", _pair.NamespaceA, "link", "add", "kptx0", "type", "veth", "peer", "name", "kpty0");
        try
        {
            using var pool = new BufferPool(64);
            var e = Assert.Throws<IOException>(() => OpenIn(_pair.NamespaceA, "kptx0", pool.CreateCache(64)));
            Assert.Contains("interface 'kptx0' is down; bring it up with `ip link set kptx0 up`", e.Message);
        }
        finally
        {
            VethPair.Command("ip", "-n", _pair.NamespaceA, "link", "del", "kptx0");
        }
    }

    [Fact]
    public void AFanoutGroupHeldInAnotherModeIsRefusedByName()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        AfPacketPort hash = OpenIn(_pair.NamespaceA, $"{_pair.InterfaceA},fanout=hash,group=77", cache);
        try
        {
            var e = Assert.Throws<IOException>(() => OpenIn(_pair.NamespaceA, $"{_pair.InterfaceA},fanout=lb,group=77", cache));
            Assert.Contains("could not join fanout group 77 (lb)", e.Message);
            Assert.Contains("pick another group=", e.Message);
        }
        finally
        {
            hash.Dispose();
        }
    }

    [Theory]
    [InlineData("", "expected af_packet:IFNAME[,options]")]
    [InlineData("fanout=hash", "expected af_packet:IFNAME[,options]")]
    [InlineData("averyveryverylongname0", "longer than 15 bytes")]
    [InlineData("lo,fanout=spray", "fanout=spray is unknown; fanout modes are hash, lb, cpu, rollover, rnd, qm")]
    [InlineData("lo,group=3", "add fanout=hash")]
    [InlineData("lo,blocks=1", "blocks=1 is not a number from 2 to 65536")]
    [InlineData("lo,block_size=5000", "block_size=5000 is not a power of two")]
    [InlineData("lo,turbo", "unknown option 'turbo'; af_packet ports take fanout, group, blocks, block_size, timeout, tx_frames, promisc, qdisc")]
    public void BadSpecsSayWhatIsAccepted(string arguments, string message)
    {
        using var pool = new BufferPool(64);
        var e = Assert.Throws<ArgumentException>(() => AfPacketPort.Open(new PortSpec("af_packet", arguments), pool.CreateCache(64)));
        Assert.Contains($"port 'af_packet:{arguments}'", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TheReceiveAndTransmitLoopAllocatesNothing()
    {
        using var pool = new BufferPool(2048);
        BufferCache cache = pool.CreateCache();
        AfPacketPort rx = OpenIn(_pair.NamespaceA, _pair.InterfaceA, cache);
        AfPacketPort tx = OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            byte[] frame = TestFrame(1);
            var burst = new PacketBuffer[Burst.MaxSize];
            void Round()
            {
                int made = cache.AllocBurst(burst);
                for (int i = 0; i < made; i++)
                    burst[i].TryCopyFrom(frame);
                int sent = tx.TransmitBurst(burst.AsSpan(0, made));
                cache.FreeBurst(burst.AsSpan(sent, made - sent));
                int n;
                while ((n = rx.ReceiveBurst(burst)) > 0)
                    cache.FreeBurst(burst.AsSpan(0, n));
            }
            for (int i = 0; i < 200; i++)
                Round();
            long allocated = AllocationProbe.SmallestOfThree(() =>
            {
                for (int i = 0; i < 300; i++)
                    Round();
            });
            Assert.Equal(0, allocated);
            Assert.True(rx.Counters.RxPackets > 300 * Burst.MaxSize, $"traffic flowed: {rx.Counters.RxPackets}");
        }
        finally
        {
            rx.Dispose();
            tx.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }
}
