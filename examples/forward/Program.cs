using System.CommandLine;
using Fastpath;
using Fastpath.Examples.Forward;
using Fastpath.Tables;

// forward: an L2 or L3 forwarder over any port kind, on the per-core engine.
var ports = new Option<string[]>("--port") { Description = "A port as kind:args; repeat for more (port id = order)", Required = true, AllowMultipleArgumentsPerToken = false };
var mode = new Option<string>("--mode") { Description = "l2: swap MACs, send out of the paired port; l3: route IPv4 by LPM", DefaultValueFactory = _ => "l2" };
mode.AcceptOnlyFromAmong("l2", "l3");
var routesOption = new Option<string?>("--routes") { Description = "The routes file for l3: 'prefix next-hop-MAC port' per line" };
var coresOption = new Option<string?>("--cores") { Description = "Cores to pin one worker each to, e.g. 0 or 0,1 (default: one unpinned worker)" };
var busyPoll = new Option<bool>("--busy-poll") { Description = "Never sleep when idle" };
var stats = new Option<bool>("--stats") { Description = "Print packet rates once a second" };
var root = new RootCommand("Forward packets with Fastpath: L2 MAC swap or L3 LPM routing") { ports, mode, routesOption, coresOption, busyPoll, stats };

root.SetAction(result =>
{
    if (!PortSpec.TryParseAll(result.GetValue(ports)!, out List<PortSpec> specs, out string? portError))
        return Fail(portError!);
    string chosenMode = result.GetValue(mode)!;
    string? routesPath = result.GetValue(routesOption);
    if (chosenMode == "l3" && routesPath is null)
        return Fail("--mode l3 needs --routes FILE");
    List<int>? cores = null;
    if (result.GetValue(coresOption) is { } coreText && !CpuAffinity.TryParseList(coreText, out cores, out string? coreError))
        return Fail($"--cores {coreError}");
    var options = new ForwardOptions(specs, chosenMode, routesPath, cores, result.GetValue(busyPoll), result.GetValue(stats));

    RoutesFile? routes = null;
    if (routesPath is not null && !RoutesFile.TryParse(routesPath, out routes, out IReadOnlyList<string> errors))
    {
        foreach (string error in errors)
            Console.Error.WriteLine($"forward: {error}");
        return 1;
    }

    try
    {
        // The ports decide what the buffers are: a DPDK mempool for dpdk ports (this starts DPDK's EAL), native slabs otherwise.
        using BufferPool pool = PortFactory.CreatePool(specs, 16384);
        EngineCounters totals = PortFactory.RunAll(specs, pool.CreateCache(), new Runner(options, pool, routes, Console.Out));
        totals.Print(Console.Out);
        return 0;
    }
    catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidOperationException)
    {
        return Fail(e.Message);
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine($"forward: {message}");
        return 2;
    }
});
return root.Parse(args).Invoke();
