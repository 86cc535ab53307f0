using System.Runtime.CompilerServices;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Engine;

public class EngineTests
{
    private const int Packets = 5000;

    [Fact]
    public void EveryVerdictLandsWhereItShouldAndTheCountsAddUp()
    {
        using var pool = new BufferPool(8192);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = MixTraffic.Frames();
        var tx = new MemoryRing(8192);
        var port = new MemoryPort(new MemoryRing(1024), tx, new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Ring);
        var slowPath = new List<(int Worker, byte[] Frame)>();
        var options = new EngineOptions { SlowPath = (w, b) => slowPath.Add((w, b.Data.ToArray())) };
        var engine = new Engine<MemoryPort, MixProcessor>(options, _ => new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(Packets, c.RxPackets);
        Assert.Equal(e.Transmitted, c.TxPackets);
        Assert.Equal(e.Dropped, c.Dropped);
        Assert.Equal(e.SlowPath, c.SlowPath);
        Assert.Equal(e.Faults, c.ActionFaults);
        Assert.Equal(e.NoVerdict, c.NoVerdict);
        Assert.Equal(e.UnknownPort, c.UnknownPort);
        Assert.Equal(0, c.TxFull + c.SlowPathFull + c.ControlFaults);
        EngineRunner.AssertBalanced(c);
        Assert.True(e.Faults > 0 && e.SlowPath > 0 && e.NoVerdict > 0 && e.UnknownPort > 0 && e.Dropped > 0, "the traffic exercises every verdict");

        // The slow path got exactly the ARP frames, in order, from worker 0.
        Assert.Equal(e.SlowPath, c.SlowPathHandled);
        Assert.Equal(e.ArpFrames.Count, slowPath.Count);
        for (int i = 0; i < slowPath.Count; i++)
        {
            Assert.Equal(0, slowPath[i].Worker);
            Assert.Equal(e.ArpFrames[i], slowPath[i].Frame);
        }

        // The fault was kept for diagnosis, and the worker went on past it.
        Assert.IsType<InvalidOperationException>(engine.Workers[0].LastFault);
        Assert.Contains("magic byte", engine.Workers[0].LastFault!.Message);

        // What was sent is on the port's ring, rewritten: the first UDP frame with its MACs swapped.
        Assert.Equal(c.TxPackets, port.Counters.TxPackets);
        var sent = new List<byte[]>();
        Assert.Equal(c.TxPackets, EngineRunner.FreeAll(tx, pool, sent));
        Assert.Equal(MixTraffic.Swapped(frames.First(f => MixTraffic.Classify(f) == MixTraffic.Kind.Udp)), sent[0]);
        Assert.All(sent, f => Assert.Equal(MixTraffic.Kind.Udp, MixTraffic.Classify(f)));
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void TheControlPlaneInjectsRepliesThroughAWorker()
    {
        using var pool = new BufferPool(8192);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = MixTraffic.Frames(faults: false);
        var tx = new MemoryRing(8192);
        var port = new MemoryPort(new MemoryRing(1024), tx, new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Ring);
        Engine<MemoryPort, MixProcessor>? engine = null;
        int handled = 0;
        // The control plane answers each ARP frame by sending it back with its MACs swapped, through the worker it came from.
        var options = new EngineOptions
        {
            SlowPath = (w, b) =>
            {
                handled++;
                engine!.Inject(w, 0, MixTraffic.Swapped(b.Data.ToArray()));
            },
        };
        engine = new Engine<MemoryPort, MixProcessor>(options, _ => new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache));
        // Before the run, from this (control) thread: one to the port, one to a port the worker does not have.
        byte[] hello = Enumerable.Repeat((byte)0xAB, 64).ToArray();
        hello[12] = 0x88; // a local experimental EtherType, like no frame of the traffic
        hello[13] = 0xB5;
        Assert.True(engine.Inject(0, 0, hello));
        Assert.True(engine.Inject(0, 9, hello));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(e.SlowPath, handled);
        // Each reply was sent, or (when the worker had already finished) freed and counted: none is lost.
        Assert.Equal(2 + e.SlowPath, c.Injected + c.InjectFull);
        Assert.True(c.Injected >= 2);
        Assert.Equal(e.UnknownPort + 1, c.UnknownPort);
        EngineRunner.AssertBalanced(c);
        var sent = new List<byte[]>();
        Assert.Equal(c.TxPackets, EngineRunner.FreeAll(tx, pool, sent));
        Assert.Single(sent, f => f.AsSpan().SequenceEqual(hello));
        Assert.Equal(c.Injected - 2, sent.Count(f => MixTraffic.Classify(f) == MixTraffic.Kind.Arp));
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void ForwardGoesOutOfTheOtherPortAndAnUnknownPortIsADrop()
    {
        using var pool = new BufferPool(8192);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = MixTraffic.Frames(faults: false);
        var tx0 = new MemoryRing(8192);
        var tx1 = new MemoryRing(8192);
        MemoryPort[] ports =
        [
            new MemoryPort(new MemoryRing(1024), tx0, new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Ring, portId: 0),
            new MemoryPort(new MemoryRing(1024), tx1, null, cache, MemoryPort.TransmitMode.Ring, portId: 1),
        ];
        var engine = new Engine<MemoryPort, MixProcessor>(new EngineOptions(), _ => new Worker<MemoryPort, MixProcessor>(ports, new MixProcessor(forwardTo: 1), cache));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(e.Transmitted, c.TxPackets);
        Assert.Equal(0, tx0.Count);
        Assert.Equal(e.Transmitted, tx1.Count);
        Assert.Equal(e.Transmitted, engine.Workers[0].Ports[1].Counters.TxPackets);
        Assert.Equal(e.UnknownPort, c.UnknownPort);
        Assert.True(c.UnknownPort > 0);
        Assert.Equal(0, c.ActionFaults);
        EngineRunner.AssertBalanced(c);
        EngineRunner.FreeAll(tx1, pool);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void PacketsAFullTransmitRingRefusesAreCountedAsTxFull()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = MixTraffic.Frames(faults: false);
        var tx = new MemoryRing(16); // nobody reads it: after 16 packets every transmit is refused
        var port = new MemoryPort(new MemoryRing(1024), tx, new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Ring);
        var engine = new Engine<MemoryPort, MixProcessor>(new EngineOptions(), _ => new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(16, c.TxPackets);
        Assert.Equal(e.Transmitted - 16, c.TxFull);
        EngineRunner.AssertBalanced(c);
        EngineRunner.FreeAll(tx, pool);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AFullSlowPathRingDropsAndCounts()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        List<byte[]> frames = MixTraffic.Frames(faults: false);
        var port = new MemoryPort(new MemoryRing(1024), null, new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Drop);
        var options = new WorkerOptions { SlowPathRingSize = 4 };
        var worker = new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache, options);

        // Run on this thread, with no control plane: the ring fills after four ARP frames.
        EngineCounters c = worker.Run();

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(4, c.SlowPath);
        Assert.Equal(e.SlowPath - 4, c.SlowPathFull);
        EngineRunner.AssertBalanced(c);
        Assert.Equal(4, EngineRunner.FreeAll(worker.SlowPathRing, pool));
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void APcapPortOpenedByTheFactoryEndsTheRunAtTheEndOfTheCapture()
    {
        using var dir = new TempDirectory();
        List<byte[]> frames = MixTraffic.Frames(faults: false);
        using (var writer = new PcapWriter(dir.File("in.pcap")))
        {
            for (int i = 0; i < 1000; i++)
                writer.Write(frames[i % frames.Count], i * 1000L);
        }
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var spec = new PortSpec("pcap", $"{dir.File("in.pcap")},{dir.File("out.pcap")}");

        EngineCounters c = PortFactory.Run(spec, cache, new MixEngineVisitor(cache));

        MixTraffic.Expected e = MixTraffic.Model(frames, 1000);
        Assert.Equal(1000, c.RxPackets);
        Assert.Equal(e.Transmitted, c.TxPackets);
        EngineRunner.AssertBalanced(c);
        using var reader = new PcapReader(dir.File("out.pcap"));
        Assert.Equal(e.Transmitted, TestFrame.ReadAll(reader).Count);
        Assert.Equal(pool.Count, pool.Available);
    }

    // How a program runs the engine over a port named on the command line: the factory opens the
    // port as its concrete struct type and the visitor builds the engine for that type.
    private sealed class MixEngineVisitor(BufferCache cache) : IPortVisitor<EngineCounters>
    {
        public EngineCounters Visit<TPort>(ref TPort port) where TPort : struct, IPort
        {
            TPort opened = port;
            var engine = new Engine<TPort, MixProcessor>(new EngineOptions(), _ => new Worker<TPort, MixProcessor>([opened], new MixProcessor(), cache));
            return EngineRunner.RunToEnd(engine);
        }
    }

    [Fact]
    public void StopFromAnotherThreadEndsALoopbackRunPromptlyAndLeaksNothing()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var rx = new MemoryRing(512);
        // Loopback with an echo: the same 256 packets go round forever.
        var source = new FrameSource(SyntheticFrames.Create("udp", 256), 256);
        var port = new MemoryPort(rx, null, source, cache, MemoryPort.TransmitMode.Loopback);
        var engine = new Engine<MemoryPort, EchoProcessor>(new EngineOptions(), _ => new Worker<MemoryPort, EchoProcessor>([port], default, cache));

        Task<EngineCounters> run = EngineRunner.Start(engine);
        EngineRunner.WaitUntil(() => engine.Totals().RxPackets > 100_000, "packets loop");
        Assert.False(run.IsCompleted);
        engine.Stop();
        EngineCounters c = EngineRunner.Finish(engine, run);

        Assert.True(c.RxPackets > 100_000);
        Assert.Equal(0, c.Drops);
        EngineRunner.AssertBalanced(c);
        // Every packet the source made is back on the loopback ring (the port asks its source only
        // when the ring comes up short, so about a burst circulates); the rest came home to the pool.
        Assert.Equal(source.Produced, EngineRunner.FreeAll(rx, pool));
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void ControlTasksRunOnTheControlThreadWhileWorkersRun()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var rx = new MemoryRing(512);
        var port = new MemoryPort(rx, null, new FrameSource(SyntheticFrames.Create("udp", 64), 64), cache, MemoryPort.TransmitMode.Loopback);
        Engine<MemoryPort, EchoProcessor>? engine = null;
        engine = new Engine<MemoryPort, EchoProcessor>(new EngineOptions(), _ => new Worker<MemoryPort, EchoProcessor>([port], default, cache));
        int ticks = 0;
        string? thread = null;
        engine.AddControlTask(TimeSpan.FromMilliseconds(1), () =>
        {
            thread = Thread.CurrentThread.Name;
            // A stats task that decides the run is long enough.
            if (++ticks >= 3 && engine.Totals().RxPackets > 0)
                engine.Stop();
        });
        engine.AddControlTask(TimeSpan.FromMilliseconds(1), () => throw new InvalidOperationException("a broken task"));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        Assert.True(ticks >= 3);
        Assert.Equal("fastpath-control", thread);
        Assert.True(c.ControlFaults >= 1);
        Assert.Equal("a broken task", engine.LastControlFault?.Message);
        EngineRunner.AssertBalanced(c);
        Assert.Throws<InvalidOperationException>(() => engine.AddControlTask(TimeSpan.FromSeconds(1), () => { }));
        Assert.Throws<InvalidOperationException>(() => engine.Run());
        EngineRunner.FreeAll(rx, pool);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AFailingPortStopsTheRunWithAClearErrorAndLeaksNothing()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var inner = new MemoryPort(new MemoryRing(64), null, new FrameSource(SyntheticFrames.Create("udp", 8), 1000), cache, MemoryPort.TransmitMode.Drop);
        var engine = new Engine<FailingPort, EchoProcessor>(new EngineOptions(), _ => new Worker<FailingPort, EchoProcessor>([new FailingPort(inner)], default, cache));

        var ex = Assert.Throws<InvalidOperationException>(() => engine.Run());

        Assert.Contains("worker 0: no space left on device", ex.Message);
        Assert.IsType<IOException>(ex.InnerException);
        EngineCounters c = engine.Totals();
        EngineRunner.AssertBalanced(c);
        Assert.True(c.TxFull > 0);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void SeveralWorkersEachRunTheirOwnPortsAndTheTotalsAddUp()
    {
        using var pool = new BufferPool(8192);
        List<byte[]> frames = MixTraffic.Frames();
        var rings = new MemoryRing[2];
        var slowPathWorkers = new int[2];
        var options = new EngineOptions { WorkerCount = 2, SlowPath = (w, _) => slowPathWorkers[w]++ };
        var engine = new Engine<MemoryPort, MixProcessor>(options, i =>
        {
            BufferCache cache = pool.CreateCache();
            rings[i] = new MemoryRing(4096);
            var port = new MemoryPort(new MemoryRing(1024), rings[i], new FrameSource(frames, Packets), cache, MemoryPort.TransmitMode.Ring);
            return new Worker<MemoryPort, MixProcessor>([port], new MixProcessor(), cache);
        });

        EngineCounters c = EngineRunner.RunToEnd(engine);

        MixTraffic.Expected e = MixTraffic.Model(frames, Packets);
        Assert.Equal(2 * Packets, c.RxPackets);
        Assert.Equal(2 * e.Transmitted, c.TxPackets);
        Assert.Equal(2 * e.Faults, c.ActionFaults);
        Assert.Equal([e.SlowPath, e.SlowPath], slowPathWorkers.Select(n => (long)n));
        foreach (Worker<MemoryPort, MixProcessor> worker in engine.Workers)
            EngineRunner.AssertBalanced(worker.Counters);
        EngineRunner.AssertBalanced(c);
        foreach (MemoryRing ring in rings)
            EngineRunner.FreeAll(ring, pool);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AStoppedEngineStillFreesEverything()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        var port = new MemoryPort(new MemoryRing(64), null, new FrameSource(SyntheticFrames.Create("udp", 8), -1), cache, MemoryPort.TransmitMode.Drop);
        var probe = new StrongBox<int[]?>();
        var engine = new Engine<MemoryPort, AffinityProbe>(new EngineOptions(), _ => new Worker<MemoryPort, AffinityProbe>([port], new AffinityProbe(probe), cache));

        engine.Stop();
        EngineCounters c = EngineRunner.RunToEnd(engine);

        Assert.Equal(0, c.RxPackets);
        Assert.Null(probe.Value);
        Assert.Equal(pool.Count, pool.Available);
    }
}
