using System.Buffers.Binary;
using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;
using Fastpath.Headers;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>The DNS rules in the worker loop: queries from the memory port answered with the addresses turned around and valid checksums, ARP and ping answered, and nothing allocated per query.</summary>
public class DnsServerEngineTests
{
    private static readonly MacAddress ServerMac = new(0x02_00_00_00_00_53);
    private static readonly MacAddress ClientMac = new(0x02_00_00_00_00_99);

    private static ServerState State()
    {
        string path = DnsTestFiles.ParityZone;
        Assert.True(ZoneLoader.TryLoad([path], out Responder? responder, out List<string> errors), string.Join("\n", errors));
        return new ServerState(ServerMac, [Ipv4Address.Parse("10.99.0.1")], [Ipv6Address.Parse("fd99::1")], 53) { Responder = responder };
    }

    /// <summary>Return an Ethernet/IPv4/UDP frame to port 53 carrying <paramref name="dns"/>.</summary>
    public static byte[] Frame(byte[] dns, ushort sourcePort = 40000, uint source = 0x0A630002)
    {
        byte[] frame = new byte[14 + 20 + 8 + dns.Length];
        byte[] server = [0x02, 0, 0, 0, 0, 0x53], client = [0x02, 0, 0, 0, 0, 0x99];
        server.CopyTo(frame, 0);
        client.CopyTo(frame, 6);
        frame[12] = 0x08;
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + dns.Length));
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0x0A630001);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip[..20]));
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 53);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + dns.Length));
        dns.CopyTo(udp[8..]);
        return frame;
    }

    [Fact]
    public void QueriesAreAnsweredInPlaceAndTurnedAround()
    {
        ServerState state = State();
        using var pool = new BufferPool(64);
        BufferCache cache = pool.CreateCache(64);
        var rules = new DnsRules { State = state, Counters = new DnsCounters() };
        rules.BeginBurst();
        byte[] query = DnsMessages.Query("host.parity.test", 1, ednsSize: 1232);
        Assert.True(cache.TryAlloc(out PacketBuffer buffer));
        Assert.True(buffer.TryCopyFrom(Frame(query)));
        Assert.Equal(Verdict.Transmit, rules.Process(buffer));

        byte[] reply = buffer.Data.ToArray();
        Assert.True(StandardPacket.TryParse(reply, out var p), p.Error.ToString());
        Assert.Equal(ClientMac, p.Ethernet.Destination);
        Assert.Equal(ServerMac, p.Ethernet.Source);
        Assert.Equal(Ipv4Address.Parse("10.99.0.2"), p.Ipv4.Destination);
        Assert.Equal(40000, p.Udp.DestinationPort);
        Assert.Equal(53, p.Udp.SourcePort);
        Assert.True(p.Ipv4.IsChecksumValid);
        Assert.True(p.Udp.IsChecksumValid(p.Ipv4.PseudoHeaderSum(p.Udp.Length), p.Payload));
        DnsMessages.Reply r = DnsMessages.Parse(p.Payload);
        Assert.Contains("host.parity.test. 3600 1 1 C0000250", r.Answer);
        Assert.Equal(1, rules.Counters[AnswerOutcome.Answer]);
        cache.Free(buffer);
    }

    [Fact]
    public void AMillionQueriesThroughTheWorkerAllocateNothing()
    {
        ServerState state = State();
        using var pool = new BufferPool(4096);
        string[] names = ["host.parity.test", "www.parity.test", "foo.wild.parity.test", "nope.parity.test", "x.sub.parity.test", "parity.test"];
        List<byte[]> frames = [.. names.SelectMany(n => new[] { Frame(DnsMessages.Query(n, 1)), Frame(DnsMessages.Query(n, 28, ednsSize: 1232)) })];
        var counters = new DnsCounters();

        Worker<MemoryPort, DnsRules> Build(long packets)
        {
            BufferCache cache = pool.CreateCache();
            var port = new MemoryPort(new MemoryRing(1024), null, new FrameSource(frames, packets), cache, MemoryPort.TransmitMode.Drop);
            return new Worker<MemoryPort, DnsRules>([port], new DnsRules { State = state, Counters = counters }, cache);
        }

        Build(20_000).Run();
        Worker<MemoryPort, DnsRules>[] workers = [Build(1_000_000), Build(1_000_000), Build(1_000_000)];
        int next = 0;
        EngineCounters? totals = null;
        long allocated = Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() => totals = workers[next++].Run());
        Assert.Equal(0, allocated);
        Assert.Equal(1_000_000, totals!.RxPackets);
        Assert.Equal(1_000_000, totals.TxPackets);
        Assert.True(counters[AnswerOutcome.NxDomain] > 0 && counters[AnswerOutcome.Referral] > 0 && counters[AnswerOutcome.Answer] > 0);
    }

    [Fact]
    public void ResponseRateLimitingCapsOneNetworkAndSlipsEverySecondReplyOverTheRate()
    {
        ServerState state = State();
        using var pool = new BufferPool(64);
        BufferCache cache = pool.CreateCache(64);
        var rules = new DnsRules { State = state, Counters = new DnsCounters(), Limiter = new ResponseRateLimiter(ratePerSecond: 5, slip: 2) };
        byte[] query = DnsMessages.Query("host.parity.test", 1);

        (Verdict Verdict, DnsMessages.Reply? Reply) Ask(uint source)
        {
            Assert.True(cache.TryAlloc(out PacketBuffer b));
            Assert.True(b.TryCopyFrom(Frame(query, source: source)));
            Verdict v = rules.Process(b);
            DnsMessages.Reply? r = null;
            if (v == Verdict.Transmit)
            {
                Assert.True(StandardPacket.TryParse(b.Data, out var p));
                Assert.True(p.Udp.IsChecksumValid(p.Ipv4.PseudoHeaderSum(p.Udp.Length), p.Payload));
                r = DnsMessages.Parse(p.Payload);
            }
            cache.Free(b);
            return (v, r);
        }

        // One burst, so one second: the whole flood falls in the same window.
        rules.BeginBurst();
        var flood = Enumerable.Range(0, 20).Select(i => Ask(0x0A630002 + (uint)(i % 3))).ToList();
        Assert.All(flood.Take(5), x => Assert.False(x.Reply!.Truncated));
        List<(Verdict Verdict, DnsMessages.Reply? Reply)> limited = flood.Skip(5).ToList();
        Assert.Equal(7, limited.Count(x => x.Verdict == Verdict.Transmit && x.Reply!.Truncated && x.Reply.Answer.Count == 0));
        Assert.Equal(8, limited.Count(x => x.Verdict == Verdict.Drop));
        Assert.Equal(7, rules.Counters.RrlSlipped);
        Assert.Equal(8, rules.Counters.RrlDropped);
        // Another /24 is not harmed, nor is another kind of reply from the flooded one.
        Assert.False(Ask(0x0A620002).Reply!.Truncated);
        query = DnsMessages.Query("nope.parity.test", 1);
        Assert.Equal(DnsConstants.NxDomain, Ask(0x0A630002).Reply!.Rcode);
    }
}
