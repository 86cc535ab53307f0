namespace Fastpath.Tests.Metering;

public class CounterRegistryTests
{
    [Fact]
    public void SamplesSumEveryRegisteredWorker()
    {
        var registry = new CounterRegistry();
        var a = new WorkerCounters(0, 2);
        var b = new WorkerCounters(1, 1);
        registry.Register(a);
        registry.Register(b);
        a.AddRx(0, 10, 1000);
        a.AddRx(1, 1, 100);
        b.AddRx(0, 5, 500);
        a.AddTx(1, 9, 900);
        a.AddDrop(DropReason.NoMatch, 2);
        b.AddDrop(DropReason.NoMatch);
        b.AddDrop(DropReason.SlowPathFull);
        b.AddSlowPath(4);
        a.AddEmptyPoll();
        b.AddBurst();
        b.AddSleep();

        StatsSample s = registry.Sample(123);
        Assert.Equal(123, s.TimestampNs);
        Assert.Equal(16, s.RxPackets);
        Assert.Equal(1600, s.RxBytes);
        Assert.Equal(9, s.TxPackets);
        Assert.Equal(900, s.TxBytes);
        Assert.Equal(3, s.Drops[(int)DropReason.NoMatch]);
        Assert.Equal(1, s.Drops[(int)DropReason.SlowPathFull]);
        Assert.Equal(4, s.TotalDrops);
        Assert.Equal(4, s.SlowPathPackets);
        Assert.Equal(1, s.EmptyPolls);
        Assert.Equal(1, s.Bursts);
        Assert.Equal(1, s.Sleeps);

        Assert.True(registry.Unregister(a));
        Assert.Equal(5, registry.Sample(0).RxPackets);
        Assert.Equal([b], registry.Workers);
    }

    [Fact]
    public void AWorkerNumberIsRegisteredOnceAtATime()
    {
        var registry = new CounterRegistry();
        var first = new WorkerCounters(2, 1);
        registry.Register(first);
        Assert.Throws<ArgumentException>(() => registry.Register(first));
        Assert.Throws<ArgumentException>(() => registry.Register(new WorkerCounters(2, 4)));
        // After a stop, a restarted worker with the same number registers fresh counters.
        Assert.True(registry.Unregister(first));
        registry.Register(new WorkerCounters(2, 4));
        Assert.Equal(4, registry.Workers.Single().PortCount);
    }

    [Fact]
    public void AReaderKeepsTheSnapshotItTook()
    {
        var registry = new CounterRegistry();
        var a = new WorkerCounters(0, 1);
        registry.Register(a);
        IReadOnlyList<WorkerCounters> snapshot = registry.Workers;
        registry.Register(new WorkerCounters(1, 1));
        registry.Unregister(a);
        Assert.Equal([a], snapshot);
        Assert.Single(registry.Workers);
    }
}
