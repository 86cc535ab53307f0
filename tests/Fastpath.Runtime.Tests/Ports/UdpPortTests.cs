using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fastpath.Headers;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Ports;

/// <summary>The udp port on loopback: datagrams become frames and echoed frames become datagrams again, every drop counted.</summary>
public class UdpPortTests
{
    // Swap Ethernet, IP and UDP source and destination, as a responder does before transmitting back.
    internal static void SwapAddresses(PacketBuffer b)
    {
        Assert.True(StandardPacket.TryParse(b.Data, out StandardPacket p), "a received frame parses");
        var ethernet = p.Ethernet;
        (ethernet.Source, ethernet.Destination) = (ethernet.Destination, ethernet.Source);
        if (p.HasIpv4)
        {
            var ip = p.Ipv4;
            (ip.Source, ip.Destination) = (ip.Destination, ip.Source);
        }
        else
        {
            var ip = p.Ipv6;
            (ip.Source, ip.Destination) = (ip.Destination, ip.Source);
        }
        var udp = p.Udp;
        (udp.SourcePort, udp.DestinationPort) = (udp.DestinationPort, udp.SourcePort);
    }

    private static byte[] Payload(int sequence, int length)
    {
        var payload = new byte[length];
        new Random(sequence).NextBytes(payload);
        BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
        return payload;
    }

    // Receive from the port until `count` frames have come or the deadline passes.
    private static List<PacketBuffer> ReceiveFrames(UdpPort port, int count, int timeoutMs = 3000)
    {
        var frames = new List<PacketBuffer>();
        var burst = new PacketBuffer[Burst.MaxSize];
        long deadline = Environment.TickCount64 + timeoutMs;
        while (frames.Count < count && Environment.TickCount64 < deadline)
        {
            int n = port.ReceiveBurst(burst);
            if (n == 0)
                port.WaitForPackets(10);
            frames.AddRange(burst.AsSpan(0, n).ToArray());
        }
        return frames;
    }

    [Fact]
    public void EchoedDatagramsComeBackIntactAndInOrder()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        UdpPort port = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0"), cache);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            client.ReceiveTimeout = 3000;
            var clientEnd = (IPEndPoint)client.LocalEndPoint!;
            IPEndPoint server = port.LocalEndPoint;
            Assert.NotEqual(0, server.Port);

            const int total = 1000, window = 50;
            var reply = new byte[4096];
            for (int start = 0; start < total; start += window)
            {
                // In windows, so the default receive buffers never overflow and every datagram must come back.
                for (int i = start; i < start + window; i++)
                    client.SendTo(Payload(i, 4 + i % 1400), server);
                List<PacketBuffer> frames = ReceiveFrames(port, window);
                Assert.Equal(window, frames.Count);
                for (int k = 0; k < frames.Count; k++)
                {
                    int i = start + k;
                    PacketBuffer b = frames[k];
                    Assert.True(StandardPacket.TryParse(b.Data, out StandardPacket p));
                    Assert.Equal(UdpPort.LocalMac, p.Ethernet.Destination);
                    Assert.Equal(UdpPort.PeerMac, p.Ethernet.Source);
                    Assert.True(p.HasIpv4 && p.HasUdp, $"frame {i} is IPv4/UDP");
                    Assert.True(p.Ipv4.IsChecksumValid, $"frame {i}: IPv4 header checksum");
                    Assert.Equal(new Ipv4Address(127, 0, 0, 1), p.Ipv4.Source);
                    Assert.Equal(new Ipv4Address(127, 0, 0, 1), p.Ipv4.Destination);
                    Assert.Equal(clientEnd.Port, p.Udp.SourcePort);
                    Assert.Equal(server.Port, p.Udp.DestinationPort);
                    Assert.Equal(0, p.Udp.Checksum);
                    Assert.True(b.Data[(p.UdpOffset + 8)..].SequenceEqual(Payload(i, 4 + i % 1400)), $"frame {i}: payload");
                    SwapAddresses(b);
                }
                PacketBuffer[] echo = [.. frames];
                Assert.Equal(echo.Length, port.TransmitBurst(echo));
                for (int i = start; i < start + window; i++)
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int length = client.ReceiveFrom(reply, ref from);
                    Assert.Equal(server, from);
                    Assert.True(reply.AsSpan(0, length).SequenceEqual(Payload(i, 4 + i % 1400)), $"datagram {i} comes back intact and in order");
                }
            }
            port.ReadKernelStatistics();
            UdpPortCounters c = port.Counters;
            Assert.Equal(total, c.RxPackets);
            Assert.Equal(0, c.RxTruncated + c.RxErrors + c.KernelDropped);
            Assert.Equal(total, c.TxPackets);
            Assert.Equal(0, c.TxDropped);
        }
        finally
        {
            port.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void EveryDatagramIsDeliveredOrCountedAsDropped()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        // A small receive buffer (the kernel doubles it and keeps a floor) so that a burst overflows it.
        UdpPort port = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0,rcvbuf=8192"), cache);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            IPEndPoint server = port.LocalEndPoint;
            int room = BufferPool.DefaultRoom - BufferPool.DefaultHeadroom - 42;
            const int total = 300;
            int oversized = 0;
            for (int i = 0; i < total; i++)
            {
                // Every tenth is larger than a buffer's room: truncated, so dropped and counted.
                bool big = i % 10 == 0;
                oversized += big ? 1 : 0;
                client.SendTo(Payload(i, big ? room + 1 : room), server);
            }
            List<PacketBuffer> frames = ReceiveFrames(port, total, timeoutMs: 500);
            foreach (PacketBuffer b in frames)
                Assert.True(b.Length <= BufferPool.DefaultRoom - BufferPool.DefaultHeadroom);
            cache.FreeBurst(frames.ToArray());
            port.ReadKernelStatistics();
            UdpPortCounters c = port.Counters;
            Assert.True(c.KernelDropped > 0, $"the small buffer overflowed (dropped {c.KernelDropped})");
            Assert.Equal(total, c.RxPackets + c.RxTruncated + c.KernelDropped);
            Assert.Equal(frames.Count, c.RxPackets);
            Assert.InRange(c.RxTruncated, 1, oversized);
            Assert.Equal(0, c.RxErrors);
        }
        finally
        {
            port.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void Ipv6FramesCarryAValidUdpChecksumAndGoBack()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        UdpPort port = UdpPort.Open(new PortSpec("udp", "[::1]:0"), cache);
        try
        {
            using var client = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            client.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            client.ReceiveTimeout = 3000;
            for (int i = 0; i < 20; i++)
                client.SendTo(Payload(i, 10 + i * 50), port.LocalEndPoint);
            List<PacketBuffer> frames = ReceiveFrames(port, 20);
            Assert.Equal(20, frames.Count);
            foreach (PacketBuffer b in frames)
            {
                Assert.True(StandardPacket.TryParse(b.Data, out StandardPacket p));
                Assert.True(p.HasIpv6 && p.HasUdp);
                Assert.Equal(Ipv6Address.Parse("::1"), p.Ipv6.Source);
                Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, p.Udp.SourcePort);
                Assert.NotEqual(0, p.Udp.Checksum);
                int udpLength = p.Udp.Length;
                Assert.True(p.Udp.IsChecksumValid(p.Ipv6.PseudoHeaderSum(IpProtocol.Udp, udpLength), b.Data.Slice(p.UdpOffset + 8, udpLength - 8)), "UDP checksum over the IPv6 pseudo-header");
                SwapAddresses(b);
            }
            Assert.Equal(20, port.TransmitBurst(frames.ToArray()));
            var reply = new byte[2048];
            for (int i = 0; i < 20; i++)
            {
                int length = client.Receive(reply);
                Assert.True(reply.AsSpan(0, length).SequenceEqual(Payload(i, 10 + i * 50)), $"datagram {i}");
            }
            Assert.Equal(20, port.Counters.TxPackets);
        }
        finally
        {
            port.Dispose();
        }
    }

    [Fact]
    public void BoundToAnyAddressFramesNameTheDatagramsOwnDestination()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        UdpPort port = UdpPort.Open(new PortSpec("udp", "0.0.0.0:0"), cache);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            client.ReceiveTimeout = 3000;
            // 127.0.0.2 is on lo too: the frame must say 127.0.0.2, not 0.0.0.0 or 127.0.0.1.
            client.SendTo(Payload(1, 100), new IPEndPoint(IPAddress.Parse("127.0.0.2"), port.LocalEndPoint.Port));
            List<PacketBuffer> frames = ReceiveFrames(port, 1);
            Assert.Single(frames);
            Assert.True(StandardPacket.TryParse(frames[0].Data, out StandardPacket p));
            Assert.Equal(new Ipv4Address(127, 0, 0, 2), p.Ipv4.Destination);
            Assert.True(p.Ipv4.IsChecksumValid);

            // Echoed back it reaches the client; sent unchanged it would reach the port itself, and is dropped as such.
            PacketBuffer copy = Copy(cache, frames[0]);
            SwapAddresses(frames[0]);
            Assert.Equal(2, port.TransmitBurst([frames[0], copy]));
            var reply = new byte[256];
            Assert.Equal(100, client.Receive(reply));
            Assert.Equal(1, port.Counters.TxPackets);
            Assert.Equal(1, port.Counters.TxToSelf);
        }
        finally
        {
            port.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    private static PacketBuffer Copy(BufferCache cache, PacketBuffer b)
    {
        Assert.True(cache.TryAlloc(out PacketBuffer copy));
        Assert.True(copy.TryCopyFrom(b.Data));
        return copy;
    }

    [Fact]
    public void FramesThatCannotBeSentAreCountedByReason()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        UdpPort port = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0"), cache);
        try
        {
            using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sink.ReceiveTimeout = 3000;
            ushort sinkPort = (ushort)((IPEndPoint)sink.LocalEndPoint!).Port;
            var random = new Random(7);

            byte[] good = SyntheticFrames.UdpFrame(random, Payload(1, 33), vlan: false, ipv6: false, 4000, sinkPort);
            Readdress(good, new Ipv4Address(127, 0, 0, 1));
            byte[] tagged = SyntheticFrames.UdpFrame(random, Payload(2, 44), vlan: true, ipv6: false, 4000, sinkPort);
            Readdress(tagged, new Ipv4Address(127, 0, 0, 1));
            byte[] toSelf = (byte[])good.Clone();
            Assert.True(StandardPacket.TryParse(toSelf, out StandardPacket self));
            var selfUdp = self.Udp;
            selfUdp.DestinationPort = (ushort)port.LocalEndPoint.Port;
            byte[] arp = Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080006040001000c29aabbccc0a80101000000000000c0a80102");
            byte[] ipv6 = SyntheticFrames.UdpFrame(random, Payload(3, 20), vlan: false, ipv6: true, 4000, sinkPort);
            byte[] truncated = good[..30];
            byte[] tcp = (byte[])good.Clone();
            tcp[14 + 9] = 6; // protocol TCP: no longer UDP (and too short for TCP)
            byte[] unroutable = (byte[])good.Clone();
            Readdress(unroutable, new Ipv4Address(255, 255, 255, 255)); // broadcast without SO_BROADCAST: the kernel refuses (EACCES)

            byte[][] frames = [good, arp, truncated, tcp, ipv6, toSelf, unroutable, tagged];
            var buffers = new PacketBuffer[frames.Length];
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(cache.TryAlloc(out buffers[i]));
                Assert.True(buffers[i].TryCopyFrom(frames[i]));
            }
            Assert.Equal(frames.Length, port.TransmitBurst(buffers));

            UdpPortCounters c = port.Counters;
            Assert.Equal(2, c.TxPackets);
            Assert.Equal(3, c.TxNotUdp);
            Assert.Equal(1, c.TxWrongFamily);
            Assert.Equal(1, c.TxToSelf);
            Assert.Equal(1, c.TxErrors);
            Assert.Equal(frames.Length, c.TxPackets + c.TxDropped);
            var reply = new byte[256];
            Assert.Equal(33, sink.Receive(reply));
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(reply));
            Assert.Equal(44, sink.Receive(reply));
            Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(reply));
        }
        finally
        {
            port.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    private static void Readdress(byte[] frame, Ipv4Address destination)
    {
        Assert.True(StandardPacket.TryParse(frame, out StandardPacket p));
        var ip = p.Ipv4;
        ip.Source = new Ipv4Address(127, 0, 0, 1);
        ip.Destination = destination;
        ip.UpdateChecksum();
    }

    [Fact]
    public void OpensAndEchoesWithoutAnyCapability()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        UdpPort port = IsolatedThread.WithoutCapabilities(() => UdpPort.Open(new PortSpec("udp", "127.0.0.1:0"), cache));
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            client.ReceiveTimeout = 3000;
            client.SendTo(Payload(5, 64), port.LocalEndPoint);
            List<PacketBuffer> frames = ReceiveFrames(port, 1);
            Assert.Single(frames);
            SwapAddresses(frames[0]);
            Assert.Equal(1, port.TransmitBurst(frames.ToArray()));
            var reply = new byte[128];
            Assert.Equal(64, client.Receive(reply));
        }
        finally
        {
            port.Dispose();
        }

        var low = Assert.Throws<IOException>(() => IsolatedThread.WithoutCapabilities(() => UdpPort.Open(new PortSpec("udp", "127.0.0.1:53"), cache)));
        Assert.Contains("binding port 53 needs root or CAP_NET_BIND_SERVICE", low.Message);
    }

    [Theory]
    [InlineData("", "expected udp:ADDRESS:PORT")]
    [InlineData("127.0.0.1", "'127.0.0.1' is not ADDRESS:PORT")]
    [InlineData("::1:53", "[::1]:5353 for IPv6")]
    [InlineData("localhost:53", "is not ADDRESS:PORT")]
    [InlineData("127.0.0.1:0,rcvbuf=lots", "rcvbuf=lots is not a positive number")]
    [InlineData("127.0.0.1:0,colour=blue", "unknown option 'colour'; udp ports take rcvbuf, sndbuf, peer, reuseport")]
    [InlineData("127.0.0.1:0,peer=[::1]:9", "is not of the bound address's family")]
    [InlineData("192.0.2.1:0", "192.0.2.1 is not an address of this host")]
    public void BadSpecsSayWhatIsAccepted(string arguments, string message)
    {
        using var pool = new BufferPool(64);
        Exception e = Assert.ThrowsAny<Exception>(() => UdpPort.Open(new PortSpec("udp", arguments), pool.CreateCache(64)));
        Assert.True(e is ArgumentException or IOException, e.GetType().Name);
        Assert.Contains(message, e.Message);
        Assert.Contains($"port 'udp:{arguments}'", e.Message);
    }

    [Fact]
    public void APortInUseIsNamedAndReusePortShares()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int busy = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var e = Assert.Throws<IOException>(() => UdpPort.Open(new PortSpec("udp", $"127.0.0.1:{busy}"), cache));
        Assert.Contains($"127.0.0.1:{busy} is already in use", e.Message);

        UdpPort first = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0,reuseport"), cache);
        try
        {
            UdpPort second = UdpPort.Open(new PortSpec("udp", $"127.0.0.1:{first.LocalEndPoint.Port},reuseport"), cache);
            second.Dispose();
        }
        finally
        {
            first.Dispose();
        }
    }

    [Fact]
    public void TheReceiveAndTransmitLoopAllocatesNothing()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        UdpPort a = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0"), cache);
        UdpPort b = UdpPort.Open(new PortSpec("udp", "127.0.0.1:0,rcvbuf=1048576"), cache, portId: 1);
        try
        {
            byte[] frame = SyntheticFrames.UdpFrame(new Random(3), Payload(9, 200), vlan: false, ipv6: false, 1, (ushort)b.LocalEndPoint.Port);
            Readdress(frame, new Ipv4Address(127, 0, 0, 1));
            var burst = new PacketBuffer[Burst.MaxSize];
            void Round()
            {
                // a sends a burst to b; b swaps and sends it back; a takes the answers and frees them.
                int made = cache.AllocBurst(burst);
                for (int i = 0; i < made; i++)
                    burst[i].TryCopyFrom(frame);
                int sent = a.TransmitBurst(burst.AsSpan(0, made));
                cache.FreeBurst(burst.AsSpan(sent, made - sent));
                for (int got = 0, spins = 0; got < sent && spins < 10_000; spins++)
                {
                    int n = b.ReceiveBurst(burst);
                    for (int i = 0; i < n; i++)
                        SwapAddresses(burst[i]);
                    int back = b.TransmitBurst(burst.AsSpan(0, n));
                    cache.FreeBurst(burst.AsSpan(back, n - back));
                    got += n;
                }
                for (int got = 0, spins = 0; got < sent && spins < 10_000; spins++)
                {
                    int n = a.ReceiveBurst(burst);
                    cache.FreeBurst(burst.AsSpan(0, n));
                    got += n;
                }
            }
            for (int i = 0; i < 200; i++)
                Round();
            long allocated = AllocationProbe.SmallestOfThree(() =>
            {
                for (int i = 0; i < 300; i++)
                    Round();
            });
            Assert.Equal(0, allocated);
            Assert.True(a.Counters.RxPackets > 3 * 300 * Burst.MaxSize / 2, $"traffic flowed: {a.Counters.RxPackets}");
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    private sealed class PortType : IPortVisitor<string>
    {
        public string Visit<TPort>(ref TPort port) where TPort : struct, IPort => typeof(TPort).Name;
    }

    [Fact]
    public void TheFactoryOpensUdpPortsByNameAndClosesThemAfter()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache();
        int free;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            free = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        Assert.True(PortSpec.TryParse($"udp:127.0.0.1:{free}", out PortSpec? spec, out string? error), error);
        Assert.Equal(nameof(UdpPort), PortFactory.Run(spec!, cache, new PortType()));
        // Closed after the visitor: the port is free again.
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, free));
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }
}
