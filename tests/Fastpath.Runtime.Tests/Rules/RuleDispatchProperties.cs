using CsCheck;
using Fastpath.Headers;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Rules;

/// <summary>The generated decision tree and the plain priority-ordered scan give the same verdict and the same action side effects.</summary>
public class RuleDispatchProperties
{
    // Well-formed packets with ports and TTLs pulled toward the values the rules test, plus ARP and random bytes.
    private static readonly Gen<byte[]> s_frames = Gen.OneOf(
        PacketSpec.Generator.Select(Gen.Int[0, 12], Gen.Int[0, 3], Gen.Byte).Select((spec, port, ttl, dscp) =>
        {
            ushort[] interesting = [22, 53, 80, 443, 8080, 1025, 19999, 60000, 25, 99, 100, 20, 19];
            spec = spec with
            {
                DestinationPort = port < 8 ? interesting[(port + spec.SourcePort) % interesting.Length] : spec.DestinationPort,
                SourcePort = port % 2 == 0 ? interesting[(port * 3 + spec.DestinationPort) % interesting.Length] : spec.SourcePort,
                Ttl = ttl == 0 ? (byte)(dscp % 3) : spec.Ttl,
            };
            byte[] frame = spec.Encode();
            // Dscp and DF vary too: byte 1 and byte 6 of the IPv4 header, when there is one.
            int ip = 14 + 4 * spec.Vlans.Length;
            if (!spec.Ipv6)
            {
                frame[ip + 1] = dscp;
                frame[ip + 6] = (byte)(dscp & 0x40);
            }
            return frame;
        }),
        Gen.Const(Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080006040001000c29aabbccc0a80101000000000000c0a80102")),
        Gen.Byte.Array[0, 120]);

    [Fact]
    public void TreeAndOrderedScanAgree()
    {
        s_frames.Sample(frame =>
        {
            StandardPacket.TryParse(frame, out var p);
            var tree = new SampleRules();
            var scan = new SampleRules();
            Verdict a = tree.Dispatch(ref p, default);
            Verdict b = scan.DispatchInOrder(ref p, default);
            Assert.Equal(b, a);
            Assert.Equal(scan.Answered, tree.Answered);
            Assert.Equal(scan.Marked, tree.Marked);
        }, iter: 20000);
    }

    [Fact]
    public void EveryRuleFiresOnSomePacket()
    {
        var seen = new HashSet<Verdict>();
        int marked = 0;
        s_frames.Sample(frame =>
        {
            StandardPacket.TryParse(frame, out var p);
            var rules = new SampleRules();
            seen.Add(rules.Dispatch(ref p, default));
            marked += rules.Marked;
        }, iter: 20000, threads: 1);
        // SlowPath (ARP, expiring), Forward 1..4, Drop, Transmit (default): the test traffic reaches every branch.
        Assert.Contains(Verdict.SlowPath, seen);
        Assert.Contains(Verdict.Forward(1), seen);
        Assert.Contains(Verdict.Forward(2), seen);
        Assert.Contains(Verdict.Forward(3), seen);
        Assert.Contains(Verdict.Forward(4), seen);
        Assert.Contains(Verdict.Forward(5), seen);
        Assert.Contains(Verdict.Drop, seen);
        Assert.Contains(Verdict.Transmit, seen);
        Assert.True(marked > 0);
    }

    [Fact]
    public void TreeAndScanCountTheSameRuleHits()
    {
        var treeCounts = new RuleCounters(1, SampleRules.RuleNames.Count);
        var scanCounts = new RuleCounters(1, SampleRules.RuleNames.Count);
        var tree = new SampleRules { RuleHits = treeCounts.Lane(0) };
        var scan = new SampleRules { RuleHits = scanCounts.Lane(0) };
        s_frames.Sample(frame =>
        {
            StandardPacket.TryParse(frame, out var p);
            tree.Dispatch(ref p, default);
            scan.DispatchInOrder(ref p, default);
        }, iter: 5000, threads: 1);
        long total = 0;
        for (int rule = 0; rule < SampleRules.RuleNames.Count; rule++)
        {
            Assert.Equal(scanCounts.Packets(rule), treeCounts.Packets(rule));
            total += treeCounts.Packets(rule);
        }
        Assert.True(total > 0);
        Assert.Equal("IsArp", SampleRules.RuleNames[0]);
    }

    [Fact]
    public void ProcessParsesThenDispatchesAndDropsWhatDoesNotParse()
    {
        using var pool = new BufferPool(8);
        BufferCache cache = pool.CreateCache(64);
        Assert.True(cache.TryAlloc(out PacketBuffer buffer));
        var rules = new SampleRules();
        Assert.True(buffer.TryCopyFrom(Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080006040001000c29aabbccc0a80101000000000000c0a80102")));
        Assert.Equal(Verdict.SlowPath, rules.Process(buffer));
        Assert.True(buffer.TryCopyFrom(Convert.FromHexString("ffffffffffff000c29aabbcc0800" + "4500")));
        Assert.Equal(Verdict.Drop, rules.Process(buffer));
        cache.Free(buffer);
    }
}
