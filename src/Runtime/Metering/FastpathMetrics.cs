using System.Diagnostics.Metrics;

namespace Fastpath;

/// <summary>The <c>Fastpath</c> <see cref="System.Diagnostics.Metrics.Meter"/>: observable instruments over the registered workers' counters.</summary>
/// <remarks>
/// <para>
/// Every instrument is observable, so nothing happens per packet: a listener's collection (about
/// once a second) runs a callback that reads the counters with volatile reads. Counts only grow, so
/// they are <see cref="ObservableCounter{T}"/>s; the number of workers is an
/// <see cref="ObservableUpDownCounter{T}"/>.
/// </para>
/// <list type="table">
/// <listheader><term>instrument</term><description>unit, tags</description></listheader>
/// <item><term><c>fastpath.rx.packets</c>, <c>fastpath.tx.packets</c></term><description><c>{packet}</c>; <c>port</c>, <c>worker</c></description></item>
/// <item><term><c>fastpath.rx.bytes</c>, <c>fastpath.tx.bytes</c></term><description><c>By</c>; <c>port</c>, <c>worker</c></description></item>
/// <item><term><c>fastpath.drops</c></term><description><c>{packet}</c>; <c>reason</c> (<see cref="DropReasons.Name"/>), <c>worker</c></description></item>
/// <item><term><c>fastpath.slowpath.packets</c></term><description><c>{packet}</c>; <c>worker</c></description></item>
/// <item><term><c>fastpath.polls.empty</c>, <c>fastpath.bursts</c></term><description><c>{poll}</c>; <c>worker</c></description></item>
/// <item><term><c>fastpath.sleeps</c></term><description><c>{sleep}</c>; <c>worker</c></description></item>
/// <item><term><c>fastpath.workers</c></term><description><c>{worker}</c>; no tags</description></item>
/// </list>
/// <para>
/// Watch a running process with <c>dotnet-counters monitor -n &lt;process name&gt; --counters Fastpath</c>
/// (or <c>-p &lt;pid&gt;</c>); counters show as rates per refresh. OpenTelemetry picks the same
/// instruments up with <c>AddMeter("Fastpath")</c>. The engine registers each worker's counters with
/// <see cref="Register"/> when it starts and removes them with <see cref="Unregister"/> when it stops.
/// </para>
/// </remarks>
public sealed class FastpathMetrics : IDisposable
{
    /// <summary>The meter's name, as <c>dotnet-counters --counters</c> and OpenTelemetry's <c>AddMeter</c> take it.</summary>
    public const string MeterName = "Fastpath";

    private static readonly Lazy<FastpathMetrics> s_shared = new(() => new FastpathMetrics(new CounterRegistry()));

    /// <summary>Create a <c>Fastpath</c> meter whose instruments read the workers registered in <paramref name="registry"/>.</summary>
    public FastpathMetrics(CounterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        Meter = new Meter(MeterName, typeof(FastpathMetrics).Assembly.GetName().Version?.ToString());
        Meter.CreateObservableCounter("fastpath.rx.packets", () => PerPort(static (w, p) => w.RxPackets(p)), "{packet}", "Packets received");
        Meter.CreateObservableCounter("fastpath.rx.bytes", () => PerPort(static (w, p) => w.RxBytes(p)), "By", "Bytes received");
        Meter.CreateObservableCounter("fastpath.tx.packets", () => PerPort(static (w, p) => w.TxPackets(p)), "{packet}", "Packets sent");
        Meter.CreateObservableCounter("fastpath.tx.bytes", () => PerPort(static (w, p) => w.TxBytes(p)), "By", "Bytes sent");
        Meter.CreateObservableCounter("fastpath.drops", PerReason, "{packet}", "Packets dropped, by reason");
        Meter.CreateObservableCounter("fastpath.slowpath.packets", () => PerWorker(static w => w.SlowPathPackets), "{packet}", "Packets handed to the slow path");
        Meter.CreateObservableCounter("fastpath.polls.empty", () => PerWorker(static w => w.EmptyPolls), "{poll}", "Receive polls that found no packets");
        Meter.CreateObservableCounter("fastpath.bursts", () => PerWorker(static w => w.Bursts), "{poll}", "Receive polls that found packets");
        Meter.CreateObservableCounter("fastpath.sleeps", () => PerWorker(static w => w.Sleeps), "{sleep}", "Times a worker slept for want of packets");
        Meter.CreateObservableUpDownCounter("fastpath.workers", () => Registry.Workers.Count, "{worker}", "Workers running");
    }

    /// <summary>Return the process-wide instance, created on first use, whose registry the engine's workers join.</summary>
    public static FastpathMetrics Shared => s_shared.Value;

    /// <summary>Return the meter, for listeners that want this instance's instruments only.</summary>
    public Meter Meter { get; }

    /// <summary>Return the registry the instruments read.</summary>
    public CounterRegistry Registry { get; }

    /// <summary>Publish a worker's counters in the process-wide meter (engine start).</summary>
    public static void Register(WorkerCounters counters) => Shared.Registry.Register(counters);

    /// <summary>Withdraw a worker's counters from the process-wide meter (engine stop); return false when they were not registered.</summary>
    public static bool Unregister(WorkerCounters counters) => Shared.Registry.Unregister(counters);

    /// <summary>Dispose the meter, which ends its instruments for every listener.</summary>
    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> PerPort(Func<WorkerCounters, int, long> read)
    {
        foreach (WorkerCounters w in Registry.Workers)
        {
            for (int p = 0; p < w.PortCount; p++)
                yield return new Measurement<long>(read(w, p), new("port", p), new("worker", w.Worker));
        }
    }

    private IEnumerable<Measurement<long>> PerReason()
    {
        foreach (WorkerCounters w in Registry.Workers)
        {
            // Every reason, zeros included, so each series exists from the start and rates have a baseline.
            for (int r = 0; r < DropReasons.Count; r++)
                yield return new Measurement<long>(w.Drops((DropReason)r), new("reason", DropReasons.Name((DropReason)r)), new("worker", w.Worker));
        }
    }

    private IEnumerable<Measurement<long>> PerWorker(Func<WorkerCounters, long> read)
    {
        foreach (WorkerCounters w in Registry.Workers)
            yield return new Measurement<long>(read(w), new KeyValuePair<string, object?>("worker", w.Worker));
    }
}
