namespace Fastpath.Tests.Metering;

public class WorkerCountersTests
{
    [Fact]
    public void CountsLandInTheirOwnPortReasonAndScalar()
    {
        var c = new WorkerCounters(worker: 3, portCount: 2);
        c.AddRx(0, 32, 2048);
        c.AddRx(1, 5, 500);
        c.AddRx(0, 1, 60);
        c.AddTx(1, 30, 1980);
        c.AddDrop(DropReason.ParseError, 2);
        c.AddDrop(DropReason.TxFull);
        c.AddDrop(DropReason.ActionFault);
        c.AddSlowPath(4);
        c.AddEmptyPoll();
        c.AddEmptyPoll();
        c.AddBurst();
        c.AddSleep();

        Assert.Equal(3, c.Worker);
        Assert.Equal(2, c.PortCount);
        Assert.Equal(33, c.RxPackets(0));
        Assert.Equal(2108, c.RxBytes(0));
        Assert.Equal(5, c.RxPackets(1));
        Assert.Equal(500, c.RxBytes(1));
        Assert.Equal(0, c.TxPackets(0));
        Assert.Equal(0, c.TxBytes(0));
        Assert.Equal(30, c.TxPackets(1));
        Assert.Equal(1980, c.TxBytes(1));
        Assert.Equal(2, c.Drops(DropReason.ParseError));
        Assert.Equal(1, c.Drops(DropReason.TxFull));
        Assert.Equal(1, c.Drops(DropReason.ActionFault));
        Assert.Equal(0, c.Drops(DropReason.RuleDrop));
        Assert.Equal(4, c.TotalDrops);
        Assert.Equal(4, c.SlowPathPackets);
        Assert.Equal(2, c.EmptyPolls);
        Assert.Equal(1, c.Bursts);
        Assert.Equal(1, c.Sleeps);
    }

    [Fact]
    public void EveryCounterIsAtLeast128BytesFromTheEndsOfItsArray()
    {
        // Bump every counter, then the padding at both ends must still be zero: the written slots
        // are two cache lines away from whatever the GC places next to the array.
        var c = new WorkerCounters(0, portCount: 3);
        for (int p = 0; p < c.PortCount; p++)
        {
            c.AddRx(p, 1, 1);
            c.AddTx(p, 1, 1);
        }
        foreach (DropReason r in Enum.GetValues<DropReason>())
            c.AddDrop(r);
        c.AddSlowPath();
        c.AddEmptyPoll();
        c.AddBurst();
        c.AddSleep();

        ReadOnlySpan<long> slab = c.Slab;
        Assert.Equal(128 / sizeof(long), WorkerCounters.PadLongs);
        Assert.True(slab[..WorkerCounters.PadLongs].IndexOfAnyExcept(0L) < 0);
        Assert.True(slab[^WorkerCounters.PadLongs..].IndexOfAnyExcept(0L) < 0);
        // Every counter slot between the pads was written exactly once: nothing overlaps.
        Assert.True(slab[WorkerCounters.PadLongs..^WorkerCounters.PadLongs].IndexOfAnyExcept(1L) < 0);
        Assert.Equal(4 + DropReasons.Count + 4 * c.PortCount, slab.Length - 2 * WorkerCounters.PadLongs);
    }

    [Fact]
    public void DropReasonsHaveDistinctShortNamesAndACountThatMatchesTheEnum()
    {
        DropReason[] all = Enum.GetValues<DropReason>();
        Assert.Equal(all.Length, DropReasons.Count);
        Assert.Equal(Enumerable.Range(0, all.Length), all.Select(r => (int)r));
        string[] names = [.. all.Select(DropReasons.Name)];
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z-]+$", n));
        Assert.Equal("parse", DropReasons.Name(DropReason.ParseError));
        Assert.Equal("tx-full", DropReasons.Name(DropReason.TxFull));
    }

    [Fact]
    public void ReadersRejectPortsAndReasonsOutOfRange()
    {
        var c = new WorkerCounters(0, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.RxPackets(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.TxBytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Drops((DropReason)200));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerCounters(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerCounters(-1, 1));
    }

    [Fact]
    public void SumsAreMonotonicWhileWorkersRunAndExactAfterTheyStop()
    {
        var registry = new CounterRegistry();
        var a = new WorkerCounters(0, 1);
        var b = new WorkerCounters(1, 1);
        registry.Register(a);
        registry.Register(b);
        const int Bursts = 200_000;
        using var start = new Barrier(3);

        void Work(WorkerCounters c)
        {
            start.SignalAndWait();
            for (int i = 0; i < Bursts; i++)
            {
                c.AddRx(0, 32, 32 * 64);
                c.AddTx(0, 31, 31 * 64);
                c.AddDrop(DropReason.ParseError);
                c.AddBurst();
            }
        }

        var ta = new Thread(() => Work(a));
        var tb = new Thread(() => Work(b));
        ta.Start();
        tb.Start();
        start.SignalAndWait();
        long last = 0;
        while (ta.IsAlive || tb.IsAlive)
        {
            // Each read is a value the counter really had, so a running sum never goes back.
            long rx = registry.Sample(0).RxPackets;
            Assert.True(rx >= last, $"rx went back from {last} to {rx}");
            last = rx;
        }
        ta.Join();
        tb.Join();

        StatsSample s = registry.Sample(0);
        Assert.Equal(2L * Bursts * 32, s.RxPackets);
        Assert.Equal(2L * Bursts * 32 * 64, s.RxBytes);
        Assert.Equal(2L * Bursts * 31, s.TxPackets);
        Assert.Equal(2L * Bursts * 31 * 64, s.TxBytes);
        Assert.Equal(2L * Bursts, s.Drops[(int)DropReason.ParseError]);
        Assert.Equal(2L * Bursts, s.TotalDrops);
        Assert.Equal(2L * Bursts, s.Bursts);
    }

    [Fact]
    public void CountingAllocatesNothing()
    {
        var c = new WorkerCounters(0, 2);
        var rules = new RuleCounters(1, 8);
        RuleCounterLane lane = rules.Lane(0);
        Count(c, lane, 1000);
        int windows = 0;
        long allocated = Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() =>
        {
            Count(c, lane, 1_000_000);
            windows++;
        });
        Assert.Equal(0, allocated);
        Assert.Equal(1000 + windows * 1_000_000L, c.Bursts);
        Assert.Equal(1000 / 8 + windows * (1_000_000 / 8), rules.Packets(0));
    }

    private static void Count(WorkerCounters c, RuleCounterLane lane, int n)
    {
        for (int i = 0; i < n; i++)
        {
            c.AddRx(i & 1, 32, 2048);
            c.AddTx(i & 1, 32, 2048);
            c.AddDrop((DropReason)(i % DropReasons.Count));
            c.AddBurst();
            lane.Add(i & 7, 64);
        }
    }
}
