using System.Diagnostics.Metrics;
using Fastpath.Examples.Forward;

namespace Fastpath.Tests.Engine;

/// <summary>An engine's counts reach the Fastpath meter through the control thread.</summary>
public class EngineMetricsTests
{
    [Fact]
    public void ForwarderCountsAppearOnTheMeter()
    {
        using var pool = new BufferPool(4096);
        BufferCache cache = pool.CreateCache();
        MemoryPort[] ports =
        [
            new MemoryPort(new MemoryRing(1024), null, new FrameSource(SyntheticFrames.Create("udp", 16), 5000), cache, MemoryPort.TransmitMode.Drop, 0),
            new MemoryPort(new MemoryRing(1024), null, null, cache, MemoryPort.TransmitMode.Drop, 1),
        ];
        using var metrics = new FastpathMetrics(new CounterRegistry());
        var engine = new Engine<MemoryPort, L2Forward>(new EngineOptions(), _ => new Worker<MemoryPort, L2Forward>(ports, new L2Forward { PortCount = 2 }, cache));
        using EngineMetrics published = EngineMetrics.Publish(engine, TimeSpan.FromMilliseconds(10), metrics);
        EngineCounters totals = engine.Run();
        published.Update(); // the last period may not have come round before the workers finished

        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(5000, totals.RxPackets);
        Assert.Equal(5000, seen["fastpath.rx.packets"]);
        Assert.Equal(5000L * (14 + 20 + 8 + 64), seen["fastpath.rx.bytes"]); // the synthetic UDP frames carry 64 bytes
        Assert.Equal(seen["fastpath.rx.bytes"], seen["fastpath.tx.bytes"]);
        Assert.Equal(5000, published[0].TxPackets(1));
        Assert.Equal(5000, seen["fastpath.tx.packets"]);
        Assert.Equal(0, seen["fastpath.drops"]);
        Assert.Equal(published[0].Bursts, totals.Polls - totals.EmptyPolls);
    }
}
