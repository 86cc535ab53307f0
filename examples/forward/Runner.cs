using Fastpath.Tables;

namespace Fastpath.Examples.Forward;

/// <summary>Builds the engine for the ports' concrete type and runs it: one worker per core, each with its own cache and, for memory ports, its own ports.</summary>
internal sealed class Runner(ForwardOptions options, BufferPool pool, RoutesFile? routes, TextWriter output) : IPortsVisitor<EngineCounters>
{
    public EngineCounters Visit<TPort>(TPort[] ports) where TPort : struct, IPort
    {
        if (options.Mode != "l3")
            return RunWith(ports, _ => new L2Forward { PortCount = (ushort)ports.Length });
        // Loaded once the ports are open, so that a route through a port that does not exist is refused with its line.
        var table = new Ipv4Routes(workers: options.Cores?.Count ?? 1);
        if (routes is not null && !table.TryLoad(routes, PortMacs(ports.Length), out string error))
            throw new ArgumentException(error);
        return RunWith(ports, worker => new L3Forward { Routes = table.CreateReader(worker) });
    }

    private EngineCounters RunWith<TPort, TProcessor>(TPort[] first, Func<int, TProcessor> processor)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor
    {
        int workers = options.Cores?.Count ?? 1;
        if (workers > 1 && typeof(TPort) != typeof(MemoryPort) && typeof(TPort) != typeof(AfXdpPort) && SharedKernelPorts.WhyNotShared(options.Ports) is { } notShared)
            throw new ArgumentException(notShared);
        var opened = new List<IDisposable>();
        // Ports opened here for workers past the first are closed here, whatever happens.
        try
        {
            var workerOptions = new WorkerOptions { BusyPoll = options.BusyPoll };
            var engine = new Engine<TPort, TProcessor>(
                new EngineOptions
                {
                    Cores = options.Cores,
                    WorkerCount = workers,
                    // A router's control plane would answer ARP and send ICMP time exceeded here; this one counts them.
                    SlowPath = (_, _) => { },
                },
                index => new Worker<TPort, TProcessor>(index == 0 ? first : Reopen<TPort>(index, opened), processor(index), pool.CreateCache(), workerOptions));
            // Counts reach the Fastpath meter (dotnet-counters) from the control thread; --stats prints them once a second.
            using EngineMetrics metrics = EngineMetrics.Publish(engine, TimeSpan.FromMilliseconds(250));
            using var printer = new StatsPrinter(FastpathMetrics.Shared.Registry, output);
            if (options.Stats)
                printer.Start();
            using var signals = ShutdownSignals.Register(engine.Stop, Console.Error);
            EngineCounters totals = engine.Run();
            printer.Stop();
            return totals;
        }
        finally
        {
            foreach (IDisposable port in opened)
                port.Dispose();
        }
    }

    // Memory ports are per worker: each worker gets its own copy of every port (its own traffic source).
    // Kernel ports that the kernel can spread (af_packet fanout, udp reuseport) get their own sockets.
    // af_xdp ports are per queue: worker i opens queue + i of each interface (RSS spreads the flows).
    private TPort[] Reopen<TPort>(int worker, List<IDisposable> opened) where TPort : struct, IPort
    {
        BufferCache cache = pool.CreateCache();
        if (typeof(TPort) == typeof(AfXdpPort))
        {
            var queues = new AfXdpPort[options.Ports.Count];
            for (int i = 0; i < queues.Length; i++)
            {
                queues[i] = AfXdpPort.Open(options.Ports[i], cache, (ushort)i, Console.Error, queueOffset: worker);
                opened.Add(queues[i]);
            }
            return (TPort[])(object)queues;
        }
        if (typeof(TPort) != typeof(MemoryPort))
            return SharedKernelPorts.Open<TPort>(options.Ports, cache, opened);
        var ports = new MemoryPort[options.Ports.Count];
        for (int i = 0; i < ports.Length; i++)
            ports[i] = PortFactory.OpenMemory(options.Ports[i], cache, (ushort)i);
        return (TPort[])(object)ports;
    }

    // Locally administered source MACs, one per port: 02:00:00:00:00:<port>.
    private static MacAddress[] PortMacs(int count) =>
        Enumerable.Range(0, count).Select(i => new MacAddress(0x0200_0000_0000UL | (uint)i)).ToArray();
}
