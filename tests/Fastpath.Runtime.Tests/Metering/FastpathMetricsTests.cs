using System.Diagnostics.Metrics;

namespace Fastpath.Tests.Metering;

/// <summary>The Fastpath meter seen through a <see cref="MeterListener"/>, as dotnet-counters and OpenTelemetry see it.</summary>
public class FastpathMetricsTests
{
    private sealed record Reading(string Instrument, string? Unit, long Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public void TwoWorkersAreReportedWithTheirTags()
    {
        var registry = new CounterRegistry();
        using var metrics = new FastpathMetrics(registry);
        var w0 = new WorkerCounters(0, portCount: 2);
        var w1 = new WorkerCounters(1, portCount: 2);
        registry.Register(w0);
        registry.Register(w1);

        w0.AddRx(0, 32, 2048);
        w0.AddRx(1, 4, 400);
        w0.AddTx(1, 30, 1920);
        w1.AddRx(0, 7, 700);
        w1.AddTx(0, 5, 500);
        w0.AddDrop(DropReason.ParseError, 2);
        w1.AddDrop(DropReason.TxFull, 3);
        w1.AddSlowPath(6);
        w0.AddEmptyPoll();
        w1.AddEmptyPoll();
        w1.AddEmptyPoll();
        w0.AddBurst();
        w0.AddSleep();

        using var listener = new Listener(metrics.Meter);
        List<Reading> r = listener.Collect();

        Assert.Equal(FastpathMetrics.MeterName, metrics.Meter.Name);
        Assert.Equal("Fastpath", metrics.Meter.Name);
        Assert.Equal(32, Value(r, "fastpath.rx.packets", ("port", 0), ("worker", 0)));
        Assert.Equal(4, Value(r, "fastpath.rx.packets", ("port", 1), ("worker", 0)));
        Assert.Equal(7, Value(r, "fastpath.rx.packets", ("port", 0), ("worker", 1)));
        Assert.Equal(0, Value(r, "fastpath.rx.packets", ("port", 1), ("worker", 1)));
        Assert.Equal(2048, Value(r, "fastpath.rx.bytes", ("port", 0), ("worker", 0)));
        Assert.Equal(700, Value(r, "fastpath.rx.bytes", ("port", 0), ("worker", 1)));
        Assert.Equal(30, Value(r, "fastpath.tx.packets", ("port", 1), ("worker", 0)));
        Assert.Equal(5, Value(r, "fastpath.tx.packets", ("port", 0), ("worker", 1)));
        Assert.Equal(1920, Value(r, "fastpath.tx.bytes", ("port", 1), ("worker", 0)));
        Assert.Equal(2, Value(r, "fastpath.drops", ("reason", "parse"), ("worker", 0)));
        Assert.Equal(3, Value(r, "fastpath.drops", ("reason", "tx-full"), ("worker", 1)));
        Assert.Equal(0, Value(r, "fastpath.drops", ("reason", "parse"), ("worker", 1)));
        Assert.Equal(6, Value(r, "fastpath.slowpath.packets", ("worker", 1)));
        Assert.Equal(0, Value(r, "fastpath.slowpath.packets", ("worker", 0)));
        Assert.Equal(1, Value(r, "fastpath.polls.empty", ("worker", 0)));
        Assert.Equal(2, Value(r, "fastpath.polls.empty", ("worker", 1)));
        Assert.Equal(1, Value(r, "fastpath.bursts", ("worker", 0)));
        Assert.Equal(1, Value(r, "fastpath.sleeps", ("worker", 0)));
        Assert.Equal(2, Value(r, "fastpath.workers"));

        // Every drop reason is reported for every worker, zeros included; per-port instruments once per port and worker.
        Assert.Equal(2 * DropReasons.Count, r.Count(x => x.Instrument == "fastpath.drops"));
        Assert.Equal(4, r.Count(x => x.Instrument == "fastpath.rx.packets"));
        Assert.Equal("{packet}", r.First(x => x.Instrument == "fastpath.rx.packets").Unit);
        Assert.Equal("By", r.First(x => x.Instrument == "fastpath.tx.bytes").Unit);
    }

    [Fact]
    public void CollectionsFollowTheCountersAndTheRegistry()
    {
        var registry = new CounterRegistry();
        using var metrics = new FastpathMetrics(registry);
        var w0 = new WorkerCounters(0, 1);
        var w1 = new WorkerCounters(1, 1);
        registry.Register(w0);
        registry.Register(w1);
        using var listener = new Listener(metrics.Meter);

        w0.AddRx(0, 1, 100);
        Assert.Equal(1, Value(listener.Collect(), "fastpath.rx.packets", ("port", 0), ("worker", 0)));
        w0.AddRx(0, 9, 900);
        Assert.Equal(10, Value(listener.Collect(), "fastpath.rx.packets", ("port", 0), ("worker", 0)));

        // A stopped worker leaves the instruments; a started one joins them.
        Assert.True(registry.Unregister(w1));
        List<Reading> r = listener.Collect();
        Assert.DoesNotContain(r, x => Equals(x.Tags.GetValueOrDefault("worker"), 1));
        Assert.Equal(1, Value(r, "fastpath.workers"));
        Assert.False(registry.Unregister(w1));
    }

    [Fact]
    public void NothingIsReportedWithoutWorkersAndAllInstrumentsArePublished()
    {
        using var metrics = new FastpathMetrics(new CounterRegistry());
        using var listener = new Listener(metrics.Meter);
        List<Reading> r = listener.Collect();
        Assert.Equal(0, Value(r, "fastpath.workers"));
        Assert.Single(r);
        Assert.Equal(
            ["fastpath.bursts", "fastpath.drops", "fastpath.polls.empty", "fastpath.rx.bytes", "fastpath.rx.packets", "fastpath.sleeps",
             "fastpath.slowpath.packets", "fastpath.tx.bytes", "fastpath.tx.packets", "fastpath.workers"],
            listener.Published.Order());
        Assert.All(listener.Instruments, i => Assert.True(i.IsObservable, i.Name));
    }

    [Fact]
    public void TheSharedInstanceIsTheFastpathMeter()
    {
        var c = new WorkerCounters(worker: 9_000 + Environment.CurrentManagedThreadId, 1);
        FastpathMetrics.Register(c);
        try
        {
            Assert.Contains(c, FastpathMetrics.Shared.Registry.Workers);
            Assert.Equal("Fastpath", FastpathMetrics.Shared.Meter.Name);
        }
        finally
        {
            Assert.True(FastpathMetrics.Unregister(c));
        }
        Assert.DoesNotContain(c, FastpathMetrics.Shared.Registry.Workers);
    }

    private static long Value(List<Reading> readings, string instrument, params (string Key, object Value)[] tags)
    {
        Reading[] match = [.. readings.Where(x => x.Instrument == instrument && x.Tags.Count == tags.Length && tags.All(t => Equals(x.Tags.GetValueOrDefault(t.Key), t.Value)))];
        Assert.True(match.Length == 1, $"{match.Length} readings of {instrument} with {string.Join(", ", tags)}");
        return match[0].Value;
    }

    // Listens to one meter instance only, so tests running in parallel (and the shared instance) do not mix.
    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<Reading> _readings = [];

        public Listener(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter != meter)
                    return;
                Instruments.Add(instrument);
                l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
            _listener.Start();
        }

        public List<Instrument> Instruments { get; } = [];

        public IEnumerable<string> Published => Instruments.Select(i => i.Name);

        public List<Reading> Collect()
        {
            _readings.Clear();
            _listener.RecordObservableInstruments();
            return [.. _readings];
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument i, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _readings.Add(new Reading(i.Name, i.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
    }
}
