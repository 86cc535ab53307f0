using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Fastpath.Examples.Forward;
using Fastpath.Tests.Ports;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Examples;

/// <summary>A veth pair (namespaces kpfa and kpfb) for the forward-on-af_packet test.</summary>
public sealed class ForwardVeth : IDisposable
{
    internal VethPair Pair { get; } = new("kpf");

    /// <inheritdoc/>
    public void Dispose() => Pair.Dispose();
}

/// <summary>examples/forward as a process, run as a user would, on the kernel-socket ports: <c>--port udp:…</c> and <c>--port af_packet:…</c>.</summary>
public partial class ForwardKernelPortTests(ForwardVeth veth) : IClassFixture<ForwardVeth>
{
    private readonly VethPair _pair = veth.Pair;

    [Fact]
    public void ForwardOnUdpRelaysEveryDatagramToThePeerInOrder()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.ReceiveTimeout = 200;
        int clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        int forwardPort = FreeUdpPort();
        var server = new IPEndPoint(IPAddress.Loopback, forwardPort);

        using Child forward = Child.Start(null, "--port", $"udp:127.0.0.1:{forwardPort},peer=127.0.0.1:{clientPort}");
        var reply = new byte[2048];
        // L2 forwarding on one port swaps MACs and sends back out of it; peer= sends every datagram to the client.
        WaitUntil(forward, () =>
        {
            client.SendTo([0xFF], server);
            return TryReceive(client, reply) > 0;
        });
        while (TryReceive(client, reply) > 0)
        {
            // Late answers to the readiness probes.
        }

        const int total = 500, window = 50;
        client.ReceiveTimeout = 5000;
        for (int start = 0; start < total; start += window)
        {
            for (int i = start; i < start + window; i++)
                client.SendTo(Datagram(i), server);
            for (int i = start; i < start + window; i++)
            {
                int length = client.Receive(reply);
                Assert.True(reply.AsSpan(0, length).SequenceEqual(Datagram(i)), $"datagram {i} relayed intact and in order");
            }
        }

        (int exit, string output) = forward.Stop();
        Assert.Equal(0, exit);
        (long rx, long tx) = Totals(output);
        Assert.True(rx >= total && tx == rx, output);
    }

    [Fact]
    public void ForwardOnAfPacketSwapsMacsAndSendsEveryFrameBack()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfPacketPort peer = AfPacketPortTests.OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            using Child forward = Child.Start(_pair.NamespaceA, "--port", $"af_packet:{_pair.InterfaceA}");
            var echoes = new List<byte[]>();
            var burst = new PacketBuffer[Burst.MaxSize];
            void Drain()
            {
                int n = peer.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    if (EchoSequence(burst[i].Data) >= 0)
                        echoes.Add(burst[i].Data.ToArray());
                }
                cache.FreeBurst(burst.AsSpan(0, n));
            }

            // Probes (sequence numbers past the test's) until the forwarder answers.
            int probe = 1_000_000;
            WaitUntil(forward, () =>
            {
                AfPacketPortTests.SendAll(peer, cache, [AfPacketPortTests.TestFrame(probe++)], Drain);
                peer.WaitForPackets(200);
                Drain();
                return echoes.Count > 0;
            });
            echoes.Clear();

            const int total = 1000;
            var frames = Enumerable.Range(0, total).Select(AfPacketPortTests.TestFrame).ToList();
            AfPacketPortTests.SendAll(peer, cache, frames, Drain);
            long deadline = Environment.TickCount64 + 5000;
            while (echoes.Count(e => EchoSequence(e) < total) < total && Environment.TickCount64 < deadline)
            {
                peer.WaitForPackets(50);
                Drain();
            }
            List<byte[]> answers = echoes.Where(e => EchoSequence(e) < total).ToList();
            Assert.Equal(total, answers.Count);
            for (int i = 0; i < total; i++)
            {
                byte[] expected = (byte[])frames[i].Clone();
                VethPair.MacB.WriteTo(expected);
                VethPair.MacA.WriteTo(expected.AsSpan(6));
                Assert.True(expected.AsSpan().SequenceEqual(answers[i]), $"frame {i} comes back with its MACs swapped, intact and in order");
            }

            (int exit, string output) = forward.Stop();
            Assert.Equal(0, exit);
            (long rx, long tx) = Totals(output);
            Assert.True(rx >= total && tx >= total, output);
        }
        finally
        {
            peer.Dispose();
        }
    }

    [Fact]
    public void TwoWorkersOnAfPacketShareTheInterfaceThroughFanout()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        AfPacketPort peer = AfPacketPortTests.OpenIn(_pair.NamespaceB, _pair.InterfaceB, cache);
        try
        {
            // Two workers, each with its own socket in the interface's fanout group; flows split by hash.
            using Child forward = Child.Start(_pair.NamespaceA, "--port", $"af_packet:{_pair.InterfaceA},fanout=hash", "--cores", "0,1");
            var back = new HashSet<int>();
            var burst = new PacketBuffer[Burst.MaxSize];
            void Drain()
            {
                int n = peer.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    if (FlowSequence(burst[i].Data) is int sequence and >= 0)
                        back.Add(sequence);
                }
                cache.FreeBurst(burst.AsSpan(0, n));
            }
            int probe = 1_000_000;
            WaitUntil(forward, () =>
            {
                AfPacketPortTests.SendAll(peer, cache, [FlowFrame(probe++)], Drain);
                peer.WaitForPackets(200);
                Drain();
                return back.Count > 0;
            });

            const int total = 2000;
            AfPacketPortTests.SendAll(peer, cache, Enumerable.Range(0, total).Select(FlowFrame).ToList(), Drain);
            long deadline = Environment.TickCount64 + 5000;
            while (back.Count(s => s < total) < total && Environment.TickCount64 < deadline)
            {
                peer.WaitForPackets(50);
                Drain();
            }
            Assert.Equal(total, back.Count(s => s < total));

            (int exit, string output) = forward.Stop();
            Assert.Equal(0, exit);
            (long rx, long tx) = Totals(output);
            Assert.True(rx >= total && tx >= total, output);
        }
        finally
        {
            peer.Dispose();
        }
    }

    [Fact]
    public void SeveralCoresOnOneSocketSayWhatToAdd()
    {
        using var pool = new BufferPool(64);
        var udp = new ForwardOptions([new PortSpec("udp", "127.0.0.1:0")], "l2", null, [0, 1], false, false);
        var e = Assert.Throws<ArgumentException>(() => new Runner(udp, pool, null, TextWriter.Null).Visit(new UdpPort[1]));
        Assert.Contains("port 'udp:127.0.0.1:0' is polled by one worker; to run several, add reuseport", e.Message);
        var packet = new ForwardOptions([new PortSpec("af_packet", "eth0")], "l2", null, [0, 1], false, false);
        e = Assert.Throws<ArgumentException>(() => new Runner(packet, pool, null, TextWriter.Null).Visit(new AfPacketPort[1]));
        Assert.Contains("add fanout=hash", e.Message);
    }

    // A UDP frame from b to a on one of 64 flows (source ports), its sequence number in the payload.
    private static byte[] FlowFrame(int sequence)
    {
        var payload = new byte[18];
        BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
        byte[] frame = SyntheticFrames.UdpFrame(new Random(sequence), payload, vlan: false, ipv6: false, (ushort)(30000 + sequence % 64), 9);
        VethPair.MacA.WriteTo(frame);
        VethPair.MacB.WriteTo(frame.AsSpan(6));
        VethPair.IpB.WriteTo(frame.AsSpan(26));
        VethPair.IpA.WriteTo(frame.AsSpan(30));
        return frame;
    }

    // The sequence number of a flow frame the forwarder sent back (MACs swapped, from a to b), or -1.
    private static int FlowSequence(ReadOnlySpan<byte> frame) =>
        frame.Length == 14 + 20 + 8 + 18 && new MacAddress(frame[6..12]) == VethPair.MacA && new MacAddress(frame[..6]) == VethPair.MacB
            && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x0800 && frame[23] == 17 && BinaryPrimitives.ReadUInt16BigEndian(frame[36..]) == 9
            ? BinaryPrimitives.ReadInt32BigEndian(frame[42..])
            : -1;

    // The sequence number of a test frame the forwarder sent back (from a to b), or -1.
    private static int EchoSequence(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 20 || new MacAddress(frame[6..12]) != VethPair.MacA || new MacAddress(frame[..6]) != VethPair.MacB)
            return -1;
        int at = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x8100 ? 16 : 12;
        return BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) == 0x88B5 ? BinaryPrimitives.ReadInt32BigEndian(frame[(at + 2)..]) : -1;
    }

    private static byte[] Datagram(int sequence)
    {
        var payload = new byte[8 + sequence % 900];
        new Random(sequence).NextBytes(payload);
        BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
        return payload;
    }

    private static int TryReceive(Socket socket, byte[] into)
    {
        try
        {
            return socket.Receive(into);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return 0;
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    // Poll `ready` until it holds; the child's start-up (the .NET host, the JIT) takes a second or more.
    private static void WaitUntil(Child child, Func<bool> ready)
    {
        long deadline = Environment.TickCount64 + 30_000;
        while (!ready())
        {
            Assert.False(child.HasExited, $"forward exited early: {child.Output}");
            Assert.True(Environment.TickCount64 < deadline, $"forward did not answer in 30 s: {child.Output}");
        }
    }

    private static (long Rx, long Tx) Totals(string output)
    {
        Match m = TotalsLine().Match(output);
        Assert.True(m.Success, $"forward printed its totals: {output}");
        return (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value));
    }

    [GeneratedRegex(@"^rx (\d+), tx (\d+),", RegexOptions.Multiline)]
    private static partial Regex TotalsLine();

    // examples/forward as a child process, inside a network namespace when one is named, stopped with SIGTERM as a user's Ctrl-C would.
    private sealed partial class Child : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private Child(Process process) => _process = process;

        public static Child Start(string? ns, params string[] arguments)
        {
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
            var start = new ProcessStartInfo(ns is null ? host : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (ns is not null)
            {
                // `ip netns exec` execs the host, so the child's pid is the forwarder's and SIGTERM reaches it.
                foreach (string a in new[] { "netns", "exec", ns, host })
                    start.ArgumentList.Add(a);
            }
            start.ArgumentList.Add(typeof(ForwardOptions).Assembly.Location);
            foreach (string a in arguments)
                start.ArgumentList.Add(a);
            var child = new Child(Process.Start(start)!);
            child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
            child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                    return _output.ToString();
            }
        }

        public (int Exit, string Output) Stop()
        {
            Assert.Equal(0, kill(_process.Id, 15));
            Assert.True(_process.WaitForExit(15_000), $"forward stops on SIGTERM: {Output}");
            _process.WaitForExit();
            return (_process.ExitCode, Output);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (_output)
                _output.AppendLine(line);
        }

        [LibraryImport("libc", SetLastError = true)]
        private static partial int kill(int pid, int signal);
    }
}
