using System.Net;
using System.Runtime.InteropServices;
using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>Runs the server on the ports' concrete type: workers with the DNS rules, the TCP slow path, reload on SIGHUP, stats.</summary>
internal sealed class ServerRunner(ServerOptions options, ServerState state, BufferPool pool, TextWriter output) : IPortsVisitor<EngineCounters>
{
    public EngineCounters Visit<TPort>(TPort[] ports) where TPort : struct, IPort
    {
        int workers = options.Cores?.Count ?? 1;
        if (workers > 1 && typeof(TPort) != typeof(MemoryPort))
            throw new ArgumentException($"{options.Ports[0].Kind} ports run one worker here: give one core");
        DnsCounters[] counters = [.. Enumerable.Range(0, workers).Select(_ => new DnsCounters())];
        var engine = new Engine<TPort, DnsRules>(
            new EngineOptions { Cores = options.Cores, WorkerCount = workers, SlowPath = (_, _) => { } },
            index => new Worker<TPort, DnsRules>(ports, new DnsRules
            {
                State = state,
                Counters = counters[index],
                Limiter = options.ResponseRateLimit > 0 ? new ResponseRateLimiter(options.ResponseRateLimit) : null,
            }, pool.CreateCache(),
                new WorkerOptions { BusyPoll = options.BusyPoll }));

        using TcpServer? tcp = StartTcp();
        using PosixSignalRegistration reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Reload();
        });
        using EngineMetrics metrics = EngineMetrics.Publish(engine, TimeSpan.FromMilliseconds(250));
        using var printer = new StatsPrinter(FastpathMetrics.Shared.Registry, output);
        if (options.Stats)
        {
            printer.Start();
            engine.AddControlTask(TimeSpan.FromSeconds(1), () => output.WriteLine(Line(counters)));
        }
        using var signals = ShutdownSignals.Register(engine.Stop, Console.Error);
        EngineCounters totals = engine.Run();
        printer.Stop();
        output.WriteLine(Line(counters) + (tcp is null ? "" : $", tcp {tcp.Queries}"));
        return totals;
    }

    private void Reload()
    {
        if (ZoneLoader.TryLoad(options.Zones, out Responder? responder, out List<string> errors))
        {
            state.Responder = responder;
            Console.Error.WriteLine($"dns: reloaded {responder!.Zones.Count} zone(s)");
        }
        else
        {
            foreach (string error in errors)
                Console.Error.WriteLine($"dns: reload refused, the old zones stay: {error}");
        }
    }

    // TCP on the same address as the first udp port, or on each --ip at port 53 for the bypass ports.
    private TcpServer? StartTcp()
    {
        PortSpec first = options.Ports[0];
        IPEndPoint? endpoint = null;
        if (first.Kind == "udp" && IPEndPoint.TryParse(first.Arguments.Split(',')[0], out IPEndPoint? udp))
            endpoint = udp;
        else if (options.Ipv4.Count > 0 && first.Kind != "memory" && first.Kind != "pcap")
        {
            byte[] address = new byte[4];
            options.Ipv4[0].WriteTo(address);
            endpoint = new IPEndPoint(new IPAddress(address), state.Port);
        }
        if (endpoint is null)
            return null;
        try
        {
            return new TcpServer(endpoint, state);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"dns: no DNS over TCP on {endpoint}: {e.Message}");
            return null;
        }
    }

    private static string Line(DnsCounters[] counters)
    {
        long Sum(AnswerOutcome o) => counters.Sum(c => c[o]);
        return $"dns: queries {counters.Sum(c => c.Total)}: answer {Sum(AnswerOutcome.Answer)}, nodata {Sum(AnswerOutcome.NoData)}, nxdomain {Sum(AnswerOutcome.NxDomain)}, "
            + $"referral {Sum(AnswerOutcome.Referral)}, refused {Sum(AnswerOutcome.Refused)}, formerr {Sum(AnswerOutcome.FormErr)}, notimp {Sum(AnswerOutcome.NotImp)}, "
            + $"badvers {Sum(AnswerOutcome.BadVers)}, dropped {Sum(AnswerOutcome.Dropped)}, rrl slipped {counters.Sum(c => c.RrlSlipped)}, rrl dropped {counters.Sum(c => c.RrlDropped)}";
    }
}

