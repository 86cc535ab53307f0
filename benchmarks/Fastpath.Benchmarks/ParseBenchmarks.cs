using BenchmarkDotNet.Attributes;
using Fastpath.Headers;

namespace Fastpath.Benchmarks;

/// <summary>
/// Parse a burst of 32 DNS query frames three ways, read the same fields and fold them into a checksum:
/// the generated <see cref="DnsQueryPacket"/> (the baseline), <see cref="HandWrittenParser"/> and PacketDotNet.
/// </summary>
/// <remarks>
/// Results are per packet (<see cref="OperationsPerInvokeAttribute"/>). <see cref="Setup"/> refuses to run
/// when the three disagree on the burst or on a set of malformed frames, so a wrong parser cannot post a number.
/// </remarks>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    /// <summary>The size of a receive burst (DPDK l3fwd's MAX_PKT_BURST).</summary>
    public const int BurstSize = 32;

    private byte[][] _frames = [];

    /// <summary>The traffic in the burst.</summary>
    [Params(FrameCase.Ipv4Dns, FrameCase.VlanIpv6Dns)]
    public FrameCase Case { get; set; }

    /// <summary>Build the burst and check that the three parsers agree on it and on malformed frames.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _frames = Bursts.Build(Case, BurstSize);
        Verify("the burst");
        byte[][] burst = _frames;
        try
        {
            _frames = Bursts.BuildEdgeCases();
            Verify("the malformed frames");
        }
        finally
        {
            _frames = burst;
        }
    }

    /// <summary>Parse with the generated parser and read the fields through its header views.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BurstSize)]
    public ulong Generated()
    {
        ulong checksum = 0;
        foreach (byte[] frame in _frames)
        {
            if (!DnsQueryPacket.TryParse(frame, out DnsQueryPacket packet))
            {
                checksum = Checksum.Reject(checksum);
                continue;
            }

            // Views of absent headers read as zero, so only the address family needs a branch.
            var fields = new PacketFields
            {
                EtherType = (ushort)packet.Ethernet.EtherType,
                VlanId = packet.Vlan.VlanId,
                PayloadLength = packet.Payload.Length,
            };
            if (packet.HasIpv4)
            {
                Ipv4 ip = packet.Ipv4;
                fields.Protocol = (byte)ip.Protocol;
                fields.SourceLow = ip.Source.Value;
                fields.DestinationLow = ip.Destination.Value;
            }
            else if (packet.HasIpv6)
            {
                Ipv6 ip = packet.Ipv6;
                fields.Protocol = (byte)ip.NextHeader;
                Ipv6Address source = ip.Source, destination = ip.Destination;
                fields.SourceHigh = source.High;
                fields.SourceLow = source.Low;
                fields.DestinationHigh = destination.High;
                fields.DestinationLow = destination.Low;
            }
            Udp udp = packet.Udp;
            fields.SourcePort = udp.SourcePort;
            fields.DestinationPort = udp.DestinationPort;
            Dns dns = packet.Dns;
            fields.DnsId = dns.Id;
            fields.IsResponse = dns.IsResponse;
            fields.Opcode = dns.Opcode;
            fields.RecursionDesired = dns.RecursionDesired;
            fields.QuestionCount = dns.QuestionCount;
            checksum = Checksum.Accept(checksum, fields);
        }
        return checksum;
    }

    /// <summary>Parse with the hand-written Span parser.</summary>
    [Benchmark(OperationsPerInvoke = BurstSize)]
    public ulong HandWritten()
    {
        ulong checksum = 0;
        foreach (byte[] frame in _frames)
            checksum = HandWrittenParser.TryParse(frame, out PacketFields fields) ? Checksum.Accept(checksum, fields) : Checksum.Reject(checksum);
        return checksum;
    }

    /// <summary>Parse with PacketDotNet.</summary>
    [Benchmark(OperationsPerInvoke = BurstSize)]
    public ulong PacketDotNet()
    {
        ulong checksum = 0;
        foreach (byte[] frame in _frames)
            checksum = PacketDotNetParser.TryParse(frame, out PacketFields fields) ? Checksum.Accept(checksum, fields) : Checksum.Reject(checksum);
        return checksum;
    }

    // Throw unless every parser returns the same checksum over the current frames.
    private void Verify(string what)
    {
        ulong generated = Generated(), handWritten = HandWritten(), packetDotNet = PacketDotNet();
        if (generated != handWritten || generated != packetDotNet)
            throw new InvalidOperationException(
                $"The parsers disagree on {what} ({Case}): Generated {generated:X16}, HandWritten {handWritten:X16}, PacketDotNet {packetDotNet:X16}.");
    }
}
