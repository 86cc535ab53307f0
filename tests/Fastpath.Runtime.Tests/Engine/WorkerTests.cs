namespace Fastpath.Tests.Engine;

public class WorkerTests
{
    [Fact]
    public void AMillionPacketsThroughTheWorkerAllocateNothing()
    {
        using var pool = new BufferPool(4096);
        // No faults: an exception is an allocation by design. ARP fills the slow-path ring (no control
        // plane here) and then exercises the full-ring drop, so every other verdict is in the mix.
        List<byte[]> frames = MixTraffic.Frames(faults: false);

        // Warm up the same instantiation: JIT tiers, statics, the first use of each path.
        Worker<MemoryPort, MixProcessor> warm = Build(pool, frames, 20_000);
        warm.Run();
        EngineRunner.FreeAll(warm.SlowPathRing, pool);

        // Built outside the measurement: the constructor allocates (arrays, ring, counters); the loop must not.
        // Up to three runs: the smallest reading is the loop's (one-time runtime work under load is not).
        Worker<MemoryPort, MixProcessor> worker = Build(pool, frames, 1_000_000);
        EngineCounters c = null!;
        long allocated = long.MaxValue;
        for (int run = 0; run < 3 && allocated != 0; run++)
        {
            if (run > 0)
            {
                EngineRunner.FreeAll(worker.SlowPathRing, pool);
                worker = Build(pool, frames, 1_000_000);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            c = worker.Run();
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        // No Assert inside the measured region: its formatting allocates.
        Assert.Equal(0, allocated);
        Assert.Equal(1_000_000, c.RxPackets);
        Assert.True(c.SlowPathFull > 0 && c.Dropped > 0 && c.NoVerdict > 0 && c.UnknownPort > 0 && c.TxPackets > 0);
        EngineRunner.AssertBalanced(c);
        // One BeginBurst per receive burst that brought packets (one port: each non-empty poll), never per packet.
        Assert.Equal(c.Polls - c.EmptyPolls, worker.Processor.Bursts);
        EngineRunner.FreeAll(worker.SlowPathRing, pool);
        Assert.Equal(pool.Count, pool.Available);
    }

    private static Worker<MemoryPort, MixProcessor> Build(BufferPool pool, List<byte[]> frames, long packets)
    {
        BufferCache cache = pool.CreateCache();
        var port = new MemoryPort(new MemoryRing(1024), null, new FrameSource(frames, packets), cache, MemoryPort.TransmitMode.Drop);
        return new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache);
    }

    [Fact]
    public void PartialBatchesWaitForCompanyUntilTheDrainTimer()
    {
        // One packet per poll and a drain interval far longer than the run: batches leave full, and
        // the last partial one leaves when the port runs dry.
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        var log = new TricklePort.Log(100, slowReceive: false);
        var worker = new Worker<TricklePort, EchoProcessor>([new TricklePort(cache, new byte[60], log)], default, cache, new WorkerOptions { TxDrainInterval = TimeSpan.FromSeconds(1) });

        EngineCounters c = worker.Run();

        Assert.Equal([32, 32, 32, 4], log.Bursts);
        Assert.Equal(100, c.TxPackets);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void ADrainIntervalOfZeroSendsEveryRound()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        var log = new TricklePort.Log(10, slowReceive: false);
        var worker = new Worker<TricklePort, EchoProcessor>([new TricklePort(cache, new byte[60], log)], default, cache, new WorkerOptions { TxDrainInterval = TimeSpan.Zero });

        worker.Run();

        Assert.Equal(Enumerable.Repeat(1, 10), log.Bursts);
        Assert.Equal(10, log.Flushes);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void TheDrainTimerSendsStalePartialBatchesWhileTrafficFlows()
    {
        // Each poll takes at least 1 ms (the port sleeps) and brings one packet: no round is empty,
        // so only the 100 µs timer can send, and it fires every round.
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        var log = new TricklePort.Log(20, slowReceive: true);
        var worker = new Worker<TricklePort, EchoProcessor>([new TricklePort(cache, new byte[60], log)], default, cache);

        EngineCounters c = worker.Run();

        Assert.Equal(Enumerable.Repeat(1, 20), log.Bursts);
        Assert.Equal(0, c.EmptyPolls - 1); // the one empty poll is the one that found the port dry
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AnIdleWorkerBacksOffToSleep()
    {
        var options = new WorkerOptions { IdlePollsBeforeSleep = 64 };
        var engine = new Engine<QuietPort, EchoProcessor>(new EngineOptions(), _ => new Worker<QuietPort, EchoProcessor>([default], default, new BufferPool(64).CreateCache(64), options));

        Task<EngineCounters> run = EngineRunner.Start(engine);
        EngineRunner.WaitUntil(() => engine.Workers[0].Counters.Sleeps >= 10, "the worker sleeps");
        engine.Stop();
        EngineCounters c = EngineRunner.Finish(engine, run);

        // Every empty poll after the first 64 is followed by a sleep: the loop never spins idle for
        // long, whatever the machine's speed (a busy loop would show millions of empty polls).
        Assert.Equal(c.Polls, c.EmptyPolls);
        Assert.Equal(options.IdlePollsBeforeSleep + c.Sleeps, c.EmptyPolls);
    }

    [Fact]
    public void AnIdleWorkerWaitsOnAPortThatCanWakeIt()
    {
        var waits = new WaitingPort.Log();
        var options = new WorkerOptions { IdlePollsBeforeSleep = 8, MaxIdleSleep = TimeSpan.FromMilliseconds(2) };
        var engine = new Engine<WaitingPort, EchoProcessor>(new EngineOptions(), _ => new Worker<WaitingPort, EchoProcessor>([new WaitingPort(waits)], default, new BufferPool(64).CreateCache(64), options));

        Task<EngineCounters> run = EngineRunner.Start(engine);
        EngineRunner.WaitUntil(() => engine.Workers[0].Counters.Sleeps >= 5, "the worker waits");
        engine.Stop();
        EngineCounters c = EngineRunner.Finish(engine, run);

        Assert.Equal(c.Sleeps, waits.Waits);
        Assert.Equal(2, waits.LastTimeout);
        Assert.Equal(8 + c.Sleeps, c.EmptyPolls);
    }

    [Fact]
    public void ABusyPollingWorkerNeverSleeps()
    {
        var options = new WorkerOptions { BusyPoll = true };
        var engine = new Engine<QuietPort, EchoProcessor>(new EngineOptions(), _ => new Worker<QuietPort, EchoProcessor>([default], default, new BufferPool(64).CreateCache(64), options));

        Task<EngineCounters> run = EngineRunner.Start(engine);
        EngineRunner.WaitUntil(() => engine.Workers[0].Counters.EmptyPolls > 10_000, "the worker polls");
        engine.Stop();
        EngineCounters c = EngineRunner.Finish(engine, run);

        Assert.True(c.EmptyPolls > 10_000);
        Assert.Equal(0, c.Sleeps);
    }

    [Theory]
    [InlineData(0, "between 1 and")]
    public void AWorkerNeedsPorts(int ports, string message)
    {
        using var pool = new BufferPool(64);
        var ex = Assert.Throws<ArgumentException>(() => new Worker<QuietPort, EchoProcessor>(new QuietPort[ports], default, pool.CreateCache(64)));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void BadOptionsSayWhatIsAccepted()
    {
        using var pool = new BufferPool(64);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Worker<QuietPort, EchoProcessor>([default], default, pool.CreateCache(64), new WorkerOptions { SlowPathRingSize = 1000 }));
        Assert.Contains("power of two", ex.Message);
    }
}
