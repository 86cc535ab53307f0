using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>The af_xdp port on a veth pair between two namespaces: frames from the peer arrive intact and in order, counters add up, the slow path reaches the kernel, transmitted frames reach the peer.</summary>
[Collection(AfXdpCollection.Name)]
public sealed class AfXdpPortTests(VethPair veth)
{
    private const ushort ClaimedPort = 9999;

    [Fact]
    public void FramesFromThePeerArriveIntactAndInOrder()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        var log = new StringWriter();
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort}", cache, log);
        try
        {
            Assert.Equal(XdpMode.Native, port.Mode);
            Assert.False(port.ZeroCopy);
            // veth has no zero-copy: the port says so and binds in copy mode.
            Assert.Contains("zero-copy bind refused", log.ToString());
            Assert.Contains("native XDP, copy bind", log.ToString());

            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            const int Count = 2000;
            var sent = new List<byte[]>(Count);
            for (int i = 0; i < Count; i++)
                sent.Add(TestFrames.ToPort(i, ClaimedPort, 8 + i * 37 % 1400));
            Thread sender = Start(() => SendAll(peer, sent));
            List<byte[]> received = ReceiveFrames(ref port, cache, Count, TimeSpan.FromSeconds(5));
            sender.Join();

            Assert.Equal(Count, received.Count);
            for (int i = 0; i < Count; i++)
                Assert.True(sent[i].AsSpan().SequenceEqual(received[i]), $"frame {i} differs: sent {sent[i].Length} bytes, got {received[i].Length} (sequence {TestFrames.SequenceOf(received[i])})");
            (long passed, long redirected, long unbound) = port.ReadProgramStatistics();
            AfXdpSocketStatistics stats = port.ReadSocketStatistics();
            // What the program redirected = what the port delivered + what the kernel counted as dropped.
            Assert.Equal(Count, redirected);
            Assert.Equal(Count, port.Counters.RxPackets);
            Assert.Equal(0UL, stats.RxDrops);
            Assert.Equal(0, unbound);
            Assert.True(passed >= 0);
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void DropsWhenTheFillRingRunsDryAreCountedSoTheBooksBalance()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        // 64 frames on the fill ring and nobody polling: the rest of a burst of 300 must be dropped, and counted.
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort},ring=64,frames=64", cache, TextWriter.Null);
        try
        {
            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            const int Count = 300;
            for (int i = 0; i < Count; i++)
                Assert.True(peer.Send(TestFrames.ToPort(i, ClaimedPort, 64)));
            WaitFor(() => port.ReadProgramStatistics().Redirected == Count, "the program to see every frame");

            List<byte[]> received = ReceiveFrames(ref port, cache, Count, TimeSpan.FromMilliseconds(500));
            AfXdpSocketStatistics stats = port.ReadSocketStatistics();
            Assert.Equal(64, received.Count);
            Assert.Equal(Count, port.ReadProgramStatistics().Redirected);
            Assert.Equal((ulong)Count, (ulong)port.Counters.RxPackets + stats.RxDrops);
            // The first 64 got the buffers, in order.
            for (int i = 0; i < received.Count; i++)
                Assert.Equal(i, TestFrames.SequenceOf(received[i]));

            // Polled again, the port refilled the ring and takes new frames.
            for (int i = 0; i < 50; i++)
                Assert.True(peer.Send(TestFrames.ToPort(1000 + i, ClaimedPort, 64)));
            List<byte[]> more = ReceiveFrames(ref port, cache, 50, TimeSpan.FromSeconds(3));
            Assert.Equal(Enumerable.Range(1000, 50), more.Select(f => TestFrames.SequenceOf(f)));
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void TheSlowPathReachesTheKernelWhileThePortRuns()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort}", cache, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        long fastPath = 0;
        // A worker's loop: receive, count, free.
        Thread worker = Start(() =>
        {
            Span<PacketBuffer> burst = new PacketBuffer[Burst.MaxSize];
            while (!stop.IsCancellationRequested)
            {
                int n = port.ReceiveBurst(burst);
                fastPath += n;
                cache.FreeBurst(burst[..n]);
                if (n == 0)
                    port.WaitForPackets(10);
            }
        });
        try
        {
            // Forget the port side's MAC, so that the ping below needs ARP first: both must reach A's kernel.
            VethPair.Shell("ip", "-n", veth.NamespaceB, "neigh", "flush", "all");
            (long passedBefore, _, _) = port.ReadProgramStatistics();

            using Socket icmp = Netns.Run(veth.NamespaceB, () => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
            icmp.ReceiveTimeout = 2000;
            byte[] echo = [8, 0, 0, 0, 0x12, 0x34, 0, 1, .. "fastpath"u8];
            ushort sum = InternetChecksum.Compute(echo);
            echo[2] = (byte)(sum >> 8);
            echo[3] = (byte)sum;
            icmp.SendTo(echo, new IPEndPoint(new IPAddress(VethPair.AddressA), 0));
            byte[] reply = new byte[256];
            int length = ReceiveEchoReply(icmp, reply);
            Assert.True(length > 0, "no echo reply: ICMP or ARP did not reach the kernel of the port's namespace");
            Assert.True(reply.AsSpan(28, 8).SequenceEqual("fastpath"u8), "the reply echoes the request's data");

            // UDP to a port the application did not claim reaches a kernel socket; the claimed port does not.
            using Socket kernelSocket = Netns.Run(veth.NamespaceA, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Any, 7777));
                return s;
            });
            using Socket claimedSocket = Netns.Run(veth.NamespaceA, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Any, ClaimedPort));
                return s;
            });
            kernelSocket.ReceiveTimeout = 2000;
            claimedSocket.ReceiveTimeout = 300;
            using Socket sender = Netns.Run(veth.NamespaceB, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            sender.SendTo("to the kernel"u8.ToArray(), new IPEndPoint(new IPAddress(VethPair.AddressA), 7777));
            sender.SendTo("to the app"u8.ToArray(), new IPEndPoint(new IPAddress(VethPair.AddressA), ClaimedPort));
            byte[] datagram = new byte[64];
            int got = kernelSocket.Receive(datagram);
            Assert.Equal("to the kernel", System.Text.Encoding.ASCII.GetString(datagram, 0, got));
            Assert.Throws<SocketException>(() => claimedSocket.Receive(datagram));
            WaitFor(() => Volatile.Read(ref fastPath) == 1, "the claimed datagram to reach the port");

            (long passed, long redirected, _) = port.ReadProgramStatistics();
            // ARP request, ICMP echo and the UDP datagram to 7777 at least (IPv6 chatter may add more).
            Assert.True(passed - passedBefore >= 3, $"the program passed {passed - passedBefore} frames to the kernel");
            Assert.Equal(1, redirected);
        }
        finally
        {
            stop.Cancel();
            worker.Join();
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void FramesTheApplicationSendsArriveAtThePeerIntactAndInOrder()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort}", cache, TextWriter.Null);
        try
        {
            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            peer.Drain();
            const int Count = 1000;
            var frames = new List<byte[]>(Count);
            for (int i = 0; i < Count; i++)
                frames.Add(TestFrames.ToPeer(i, 7000, 8 + i * 13 % 1400));
            List<byte[]> received = [];
            Thread receiver = Start(() => received = PeerReceive(peer, Count, TimeSpan.FromSeconds(5)));

            var burst = new PacketBuffer[Burst.MaxSize];
            int next = 0;
            var deadline = Stopwatch.StartNew();
            while (next < Count && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                int n = Math.Min(Burst.MaxSize, Count - next);
                for (int i = 0; i < n; i++)
                {
                    Assert.True(cache.TryAlloc(out burst[i]));
                    Assert.True(burst[i].TryCopyFrom(frames[next + i]));
                }
                int sent = port.TransmitBurst(burst.AsSpan(0, n));
                cache.FreeBurst(burst.AsSpan(sent, n - sent));
                next += sent;
                port.Flush();
            }
            receiver.Join();
            Assert.Equal(Count, received.Count);
            for (int i = 0; i < Count; i++)
                Assert.True(frames[i].AsSpan().SequenceEqual(received[i]), $"frame {i} differs (sequence {TestFrames.SequenceOf(received[i])})");
            // Every sent frame comes back on the completion ring and returns to the pool.
            WaitFor(() =>
            {
                port.Flush();
                return port.Counters.TxCompleted == Count;
            }, "every transmitted frame to complete");
            Assert.Equal(Count, port.Counters.TxPackets);
            Assert.Equal(0UL, port.ReadSocketStatistics().TxInvalidDescriptors);
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void TheReceiveAndTransmitBurstsAllocateNothing()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort}", cache, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
        byte[] frame = TestFrames.ToPort(1, ClaimedPort, 64);
        // The peer sends until told to stop (10 s at most); what the port cannot keep up with is dropped and does not matter here.
        Thread sender = Start(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && clock.Elapsed < TimeSpan.FromSeconds(10))
                peer.Send(frame);
        });
        try
        {
            var burst = new PacketBuffer[Burst.MaxSize];
            var clock = Stopwatch.StartNew();
            // A window: 5000 packets received and sent back out, as an L2 forwarder would.
            void Window()
            {
                int packets = 0;
                while (packets < 5000 && clock.Elapsed < TimeSpan.FromSeconds(8))
                {
                    int n = port.ReceiveBurst(burst);
                    packets += n;
                    int sent = port.TransmitBurst(burst.AsSpan(0, n));
                    cache.FreeBurst(burst.AsSpan(sent, n - sent));
                    if (n == 0)
                        port.Flush();
                }
            }
            Window();
            long allocated = AllocationProbe.SmallestOfThree(Window);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), "the peer's frames did not arrive");
            Assert.Equal(0, allocated);
        }
        finally
        {
            stop.Cancel();
            sender.Join();
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void GenericModeCarriesTrafficToo()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfXdpPort port = Open($"{veth.InterfaceA},mode=generic,bind=copy,claim=udp:{ClaimedPort}", cache, TextWriter.Null);
        try
        {
            Assert.Equal(XdpMode.Generic, port.Mode);
            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            for (int i = 0; i < 100; i++)
                Assert.True(peer.Send(TestFrames.ToPort(i, ClaimedPort, 100)));
            List<byte[]> received = ReceiveFrames(ref port, cache, 100, TimeSpan.FromSeconds(3));
            Assert.Equal(Enumerable.Range(0, 100), received.Select(f => TestFrames.SequenceOf(f)));
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void NativeRefusedFallsBackToGenericAndSaysSo()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var log = new StringWriter();
        // Loopback has no native XDP: the port attaches in generic mode and logs why.
        AfXdpPort port = Open("lo,claim=udp:9", cache, log);
        try
        {
            Assert.Equal(XdpMode.Generic, port.Mode);
            Assert.Contains("native XDP refused on lo", log.ToString());
            Assert.Contains("falling back to generic XDP", log.ToString());
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    [Fact]
    public void PortsOfOneInterfaceShareItsProgramAndQueuesTakeOneSocketEach()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfXdpPort port = Open($"{veth.InterfaceA},claim=udp:{ClaimedPort},frames=256", cache, TextWriter.Null);
        try
        {
            var busy = Assert.Throws<AfXdpException>(() => Open($"{veth.InterfaceA},claim=udp:{ClaimedPort},frames=256", cache, TextWriter.Null, waitForQueue: false));
            Assert.Equal(AfXdpFailure.SocketFailed, busy.Reason);
            Assert.Contains("another AF_XDP socket is bound", busy.Message);

            var different = Assert.Throws<AfXdpException>(() => Open($"{veth.InterfaceA},claim=udp:53", cache, TextWriter.Null));
            Assert.Equal(AfXdpFailure.AttachFailed, different.Reason);
            Assert.Contains("give all its ports the same claim", different.Message);

            var noQueue = Assert.Throws<AfXdpException>(() => Open($"{veth.InterfaceA},queue=1,claim=udp:{ClaimedPort},frames=256", cache, TextWriter.Null));
            Assert.Contains("queue 1 may not exist", noQueue.Message);

            // The failed opens left the first port working and the program attached.
            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            Assert.True(peer.Send(TestFrames.ToPort(7, ClaimedPort, 32)));
            List<byte[]> received = ReceiveFrames(ref port, cache, 1, TimeSpan.FromSeconds(3));
            Assert.Equal(7, TestFrames.SequenceOf(Assert.Single(received)));
        }
        finally
        {
            port.Dispose();
        }
        AssertAllBuffersBack(pool, cache);
    }

    private AfXdpPort Open(string arguments, BufferCache cache, TextWriter log, bool waitForQueue = true) =>
        Netns.Run(veth.NamespaceA, () => QueueRelease.Open(() => AfXdpPort.Open(new PortSpec("af_xdp", arguments), cache, 0, log), waitForQueue));

    // A plain thread, not a pool task: the tests block on it, and the pool is shared with other tests.
    private static Thread Start(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static void SendAll(PeerSocket peer, List<byte[]> frames)
    {
        foreach (byte[] frame in frames)
        {
            // A full socket queue refuses a send: wait a little and send again, so none is lost here.
            for (int attempt = 0; !peer.Send(frame); attempt++)
            {
                if (attempt > 1000)
                    throw new InvalidOperationException("the peer could not send");
                Thread.Sleep(1);
            }
        }
    }

    // Receive up to `count` frames (copies), freeing the buffers as a worker would.
    private static List<byte[]> ReceiveFrames(ref AfXdpPort port, BufferCache cache, int count, TimeSpan timeout)
    {
        var frames = new List<byte[]>(count);
        Span<PacketBuffer> burst = new PacketBuffer[Burst.MaxSize];
        var clock = Stopwatch.StartNew();
        while (frames.Count < count && clock.Elapsed < timeout)
        {
            int n = port.ReceiveBurst(burst);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((ushort)0, burst[i].Port);
                frames.Add(burst[i].Data.ToArray());
            }
            cache.FreeBurst(burst[..n]);
            if (n == 0)
                port.WaitForPackets(10);
        }
        return frames;
    }

    private static List<byte[]> PeerReceive(PeerSocket peer, int count, TimeSpan timeout)
    {
        var frames = new List<byte[]>(count);
        byte[] buffer = new byte[2048];
        var clock = Stopwatch.StartNew();
        while (frames.Count < count && clock.Elapsed < timeout)
        {
            int n = peer.Receive(buffer, 200);
            // Only this test's frames: the namespaces' own chatter (IPv6 router solicitations) is skipped.
            if (n > 0 && TestFrames.SequenceOf(buffer.AsSpan(0, n)) >= 0)
                frames.Add(buffer.AsSpan(0, n).ToArray());
        }
        return frames;
    }

    private static int ReceiveEchoReply(Socket icmp, byte[] buffer)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            int n = icmp.Receive(buffer);
            // A raw ICMP socket gets the IP header too; type 0 is an echo reply.
            if (n >= 28 && buffer[20] == 0 && buffer[24] == 0x12 && buffer[25] == 0x34)
                return n;
        }
        return -1;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(3))
                Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    private static void AssertAllBuffersBack(BufferPool pool, BufferCache cache)
    {
        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }
}
