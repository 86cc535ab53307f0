using System.Diagnostics;
using Fastpath;
using Fastpath.DpdkHost;

// dpdk-testhost SCENARIO SPEC [COUNT] [TIMEOUT_MS]: one dpdk port scenario per process, results as key=value lines.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dpdk-testhost open|loopback|null|echo|receive|send|pingpong SPEC [COUNT] [TIMEOUT_MS]");
    return 2;
}
string scenario = args[0];
if (!PortSpec.TryParse(args[1], out PortSpec? spec, out string? error))
{
    Console.WriteLine($"error={error}");
    return 3;
}
int count = args.Length > 2 ? int.Parse(args[2]) : 1000;
int timeout = args.Length > 3 ? int.Parse(args[3]) : 5000;
try
{
    using BufferPool pool = PortFactory.CreatePool([spec!], 4095);
    BufferCache cache = pool.CreateCache();
    var results = new Results();
    using (DpdkPort port = DpdkPort.Open(spec!, cache))
    {
        results.Add("opened", port.Name);
        var scenarios = new Scenarios(port, cache, results, count, Stopwatch.StartNew(), timeout);
        switch (scenario)
        {
            case "open":
                break;
            case "loopback":
                scenarios.Loopback();
                break;
            case "null":
                scenarios.Null();
                break;
            case "echo":
                scenarios.Echo();
                break;
            case "receive":
                scenarios.Receive();
                break;
            case "send":
                scenarios.Send();
                break;
            case "pingpong":
                scenarios.PingPong();
                break;
            default:
                Console.WriteLine($"error=unknown scenario '{scenario}'");
                return 2;
        }
        DpdkPortStatistics stats = port.Statistics();
        results.Add("ipackets", stats.InputPackets);
        results.Add("opackets", stats.OutputPackets);
        results.Add("imissed", stats.InputMissed);
        results.Add("rx_packets", port.Counters.RxPackets);
        results.Add("tx_packets", port.Counters.TxPackets);
        results.Add("rx_chained", port.Counters.RxChained);
    }
    cache.Flush();
    results.Add("pool_count", pool.Count);
    results.Add("pool_available", pool.Available);
    results.Print();
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    Console.WriteLine($"error={e.Message.ReplaceLineEndings(" ")}");
    return 3;
}
