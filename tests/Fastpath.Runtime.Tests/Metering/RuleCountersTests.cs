namespace Fastpath.Tests.Metering;

public class RuleCountersTests
{
    [Fact]
    public void LanesAreSummedPerRule()
    {
        var rules = new RuleCounters(workerCount: 2, ruleCount: 3);
        RuleCounterLane w0 = rules.Lane(0);
        RuleCounterLane w1 = rules.Lane(1);
        w0.Add(0, 100);
        w0.Add(0, 60);
        w1.Add(0, 1500);
        w1.Add(2, 64);

        Assert.Equal(2, rules.WorkerCount);
        Assert.Equal(3, rules.RuleCount);
        Assert.Equal(3, rules.Packets(0));
        Assert.Equal(1660, rules.Bytes(0));
        Assert.Equal(0, rules.Packets(1));
        Assert.Equal(0, rules.Bytes(1));
        Assert.Equal(1, rules.Packets(2));
        Assert.Equal(64, rules.Bytes(2));
        Assert.False(w0.IsNull);
        Assert.True(default(RuleCounterLane).IsNull);
    }

    [Fact]
    public void EachLaneIsPaddedAtBothEnds()
    {
        var rules = new RuleCounters(2, 4);
        for (int w = 0; w < 2; w++)
        {
            RuleCounterLane lane = rules.Lane(w);
            for (int r = 0; r < 4; r++)
                lane.Add(r, 1);
        }
        for (int w = 0; w < 2; w++)
        {
            ReadOnlySpan<long> slab = rules.LaneSlab(w);
            Assert.True(slab[..WorkerCounters.PadLongs].IndexOfAnyExcept(0L) < 0);
            Assert.True(slab[^WorkerCounters.PadLongs..].IndexOfAnyExcept(0L) < 0);
            Assert.True(slab[WorkerCounters.PadLongs..^WorkerCounters.PadLongs].IndexOfAnyExcept(1L) < 0);
        }
    }

    [Fact]
    public void OutOfRangeWorkersAndRulesAreRejectedOnTheControlPlane()
    {
        var rules = new RuleCounters(2, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => rules.Lane(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rules.Packets(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => rules.Bytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RuleCounters(0, 4));
        Assert.Equal(0, new RuleCounters(1, 0).RuleCount);
    }

    [Fact]
    public void ConcurrentWorkersLoseNoCount()
    {
        const int Workers = 2, Packets = 500_000;
        var rules = new RuleCounters(Workers, 2);
        var threads = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            RuleCounterLane lane = rules.Lane(w);
            for (int i = 0; i < Packets; i++)
                lane.Add(i & 1, 100);
        })).ToArray();
        foreach (Thread t in threads)
            t.Start();
        foreach (Thread t in threads)
            t.Join();
        Assert.Equal(Workers * Packets / 2, rules.Packets(0));
        Assert.Equal(Workers * Packets / 2, rules.Packets(1));
        Assert.Equal(100L * Workers * Packets / 2, rules.Bytes(1));
    }
}
