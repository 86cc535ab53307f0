using Fastpath.Headers;

namespace Fastpath.Tests.Metering;

/// <summary>Rules whose actions are policed by [Police] meters: RFC 2697 on IPv4 UDP, RFC 2698 on IPv6 with red sent to the slow path.</summary>
[Rules(typeof(StandardPacket))]
public partial struct PolicedRules
{
    [Rule(Priority = 2)]
    private static bool IsUdp4(in StandardPacket p) => p.HasIpv4 && p.HasUdp;

    [Action(nameof(IsUdp4))]
    [Police(CommittedRate = 1, CommittedBurst = 3000, ExcessBurst = 1000)]
    private static Verdict Echo(ref StandardPacket p, PacketBuffer buffer) => Verdict.Transmit;

    [Rule(Priority = 1)]
    private static bool IsIpv6(in StandardPacket p) => p.HasIpv6;

    [Action(nameof(IsIpv6))]
    [Police(CommittedRate = 1, CommittedBurst = 1000, PeakRate = 2, PeakBurst = 2500, Red = VerdictKind.SlowPath)]
    private static Verdict Forward(ref StandardPacket p, PacketBuffer buffer) => Verdict.Forward(1);
}

public class PoliceTests
{
    // One burst: the meters see one time, so only the buckets decide (1 byte/s refills nothing that matters).
    private static List<Verdict> RunOneBurst(ref PolicedRules rules, List<byte[]> frames)
    {
        using var pool = new BufferPool(16);
        BufferCache cache = pool.CreateCache(64);
        rules.BeginBurst();
        var verdicts = new List<Verdict>();
        foreach (byte[] frame in frames)
        {
            Assert.True(cache.TryAlloc(out PacketBuffer b));
            Assert.True(b.TryCopyFrom(frame));
            verdicts.Add(rules.Process(b));
            cache.Free(b);
        }
        return verdicts;
    }

    [Fact]
    public void SingleRateMeterPassesGreenAndYellowAndDropsRed()
    {
        List<byte[]> frames = SyntheticFrames.Create("udp", 80);
        var rules = new PolicedRules();
        List<Verdict> verdicts = RunOneBurst(ref rules, frames);

        var reference = new SingleRateThreeColorMeter(1, 3000, 1000, 0);
        List<Verdict> expected = frames.Select(f => reference.Mark(0, f.Length) == PacketColor.Red ? Verdict.Drop : Verdict.Transmit).ToList();
        Assert.Equal(expected, verdicts);
        Assert.Contains(Verdict.Drop, verdicts);
        Assert.Equal((3000 + 1000) / frames[0].Length, verdicts.Count(v => v == Verdict.Transmit));
    }

    [Fact]
    public void TwoRateMeterSendsRedToTheSlowPath()
    {
        List<byte[]> frames = SyntheticFrames.Create("dns6", 80);
        var rules = new PolicedRules();
        List<Verdict> verdicts = RunOneBurst(ref rules, frames);

        var reference = new TwoRateThreeColorMeter(1, 2, 1000, 2500, 0);
        List<Verdict> expected = frames.Select(f => reference.Mark(0, f.Length) == PacketColor.Red ? Verdict.SlowPath : Verdict.Forward(1)).ToList();
        Assert.Equal(expected, verdicts);
        Assert.Contains(Verdict.SlowPath, verdicts);
        Assert.Contains(Verdict.Forward(1), verdicts);
    }

    [Fact]
    public void EachWorkersCopyHasItsOwnMeter()
    {
        List<byte[]> frames = SyntheticFrames.Create("udp", 80);
        var first = new PolicedRules();
        var second = new PolicedRules();
        Assert.Equal(RunOneBurst(ref first, frames), RunOneBurst(ref second, frames));
        // The first copy's buckets are empty now; a later burst one second on refills 1 byte, not a packet.
        Assert.All(RunOneBurst(ref first, frames.Take(3).ToList()), v => Assert.Equal(Verdict.Drop, v));
    }
}
