using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Fastpath.Headers;

namespace Fastpath.Benchmarks.Dispatch;

/// <summary>
/// Rule dispatch over 10, 100 and 1,000 ACL rules: the generated decision tree, the same rules as a
/// hand-written switch, and the generated priority-ordered scan. Every method parses each packet
/// first (a parsed packet is a ref struct and cannot be kept between calls), so <c>ParseOnly</c> is
/// reported too: dispatch cost is a method's time minus ParseOnly's.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private byte[][] _frames = [];

    /// <summary>How many rules.</summary>
    [Params(10, 100, 1000)]
    public int Rules { get; set; }

    /// <summary>32 frames: three in four hit a rule (UDP or TCP to a rule's port), one in four misses.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ushort[] ports = Rules switch { 10 => HandWritten10.Ports, 100 => HandWritten100.Ports, _ => HandWritten1000.Ports };
        var random = new Random(7);
        _frames = new byte[Burst.MaxSize][];
        for (int i = 0; i < _frames.Length; i++)
        {
            int rule = random.Next(ports.Length);
            bool hit = i % 4 != 3;
            ushort port = hit ? ports[rule] : (ushort)random.Next(1, 65536);
            bool tcp = hit ? rule % 2 == 1 : i % 2 == 0;
            _frames[i] = tcp ? TcpFrame(port) : SyntheticFrames.UdpFrame(random, new byte[32], vlan: false, ipv6: false, 40000, port);
        }
        // A benchmark of wrong code reports nothing: the three must agree on every frame.
        if (Generated() != HandWrittenSwitch() || Generated() != OrderedScan())
            throw new InvalidOperationException("the generated tree, the hand-written switch and the ordered scan disagree");
    }

    private static byte[] TcpFrame(ushort port)
    {
        var f = new byte[14 + 20 + 20];
        f[12] = 0x08;
        f[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 40);
        f[22] = 64;
        f[23] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), port);
        f[46] = 0x50;
        return f;
    }

    /// <summary>Parse only: the floor under every other method.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int ParseOnly()
    {
        int sum = 0;
        foreach (byte[] frame in _frames)
        {
            StandardPacket.TryParse(frame, out var p);
            sum += p.PayloadOffset;
        }
        return sum;
    }

    /// <summary>The generated decision tree.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Burst.MaxSize)]
    public int Generated()
    {
        int sum = 0;
        foreach (byte[] frame in _frames)
        {
            StandardPacket.TryParse(frame, out var p);
            Verdict v = Rules switch
            {
                10 => default(RuleSet10).Dispatch(ref p, default),
                100 => default(RuleSet100).Dispatch(ref p, default),
                _ => default(RuleSet1000).Dispatch(ref p, default),
            };
            sum += (int)v.Kind * 16 + v.Port;
        }
        return sum;
    }

    /// <summary>The hand-written switch.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int HandWrittenSwitch()
    {
        int sum = 0;
        foreach (byte[] frame in _frames)
        {
            StandardPacket.TryParse(frame, out var p);
            Verdict v = Rules switch
            {
                10 => HandWritten10.Dispatch(ref p),
                100 => HandWritten100.Dispatch(ref p),
                _ => HandWritten1000.Dispatch(ref p),
            };
            sum += (int)v.Kind * 16 + v.Port;
        }
        return sum;
    }

    /// <summary>The generated ordered scan: each rule's condition called in priority order.</summary>
    [Benchmark(OperationsPerInvoke = Burst.MaxSize)]
    public int OrderedScan()
    {
        int sum = 0;
        foreach (byte[] frame in _frames)
        {
            StandardPacket.TryParse(frame, out var p);
            Verdict v = Rules switch
            {
                10 => default(RuleSet10).DispatchInOrder(ref p, default),
                100 => default(RuleSet100).DispatchInOrder(ref p, default),
                _ => default(RuleSet1000).DispatchInOrder(ref p, default),
            };
            sum += (int)v.Kind * 16 + v.Port;
        }
        return sum;
    }
}
