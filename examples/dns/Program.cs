using System.CommandLine;
using Fastpath;
using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;
using Fastpath.Tables;

// fastpath-dns: an authoritative DNS server as a degenerate stack on the fast path.
var zonesOption = new Option<string[]>("--zone") { Description = "A zone file (RFC 1035 master format); repeat for more", Required = true };
var portsOption = new Option<string[]>("--port") { Description = "A port as kind:args (udp:127.0.0.1:5353, af_xdp:IFACE, af_packet:IFACE, dpdk:..., pcap:IN[,OUT]); repeat for more", DefaultValueFactory = _ => ["udp:127.0.0.1:5353"] };
var ipOption = new Option<string[]>("--ip") { Description = "An address of the server (IPv4 or IPv6) to answer ARP, neighbor discovery and ping for; repeat for more", DefaultValueFactory = _ => [] };
var coresOption = new Option<string?>("--cores") { Description = "Cores to pin one worker each to, e.g. 0 or 0,1" };
var rrlOption = new Option<int>("--rrl") { Description = "Response rate limit: replies per second per client /24 or /56 (0: off)", DefaultValueFactory = _ => 0 };
var statsOption = new Option<bool>("--stats") { Description = "Print rates and query counts once a second" };
var busyPoll = new Option<bool>("--busy-poll") { Description = "Never sleep when idle" };
var root = new RootCommand("Serve DNS zones with Fastpath") { zonesOption, portsOption, ipOption, coresOption, rrlOption, statsOption, busyPoll };

root.SetAction(result =>
{
    if (!PortSpec.TryParseAll(result.GetValue(portsOption)!, out List<PortSpec> specs, out string? portError))
        return Fail(portError!);
    var ipv4 = new List<Ipv4Address>();
    var ipv6 = new List<Ipv6Address>();
    foreach (string text in result.GetValue(ipOption)!)
    {
        if (Ipv4Prefix.TryParseDottedQuad(text, out Ipv4Address v4))
            ipv4.Add(v4);
        else if (System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            ipv6.Add(new Ipv6Address(address.GetAddressBytes()));
        else
            return Fail($"--ip '{text}' is neither an IPv4 nor an IPv6 address");
    }
    List<int>? cores = null;
    if (result.GetValue(coresOption) is { } coreText && !CpuAffinity.TryParseList(coreText, out cores, out string? coreError))
        return Fail($"--cores {coreError}");
    int rrl = result.GetValue(rrlOption);
    if (rrl < 0)
        return Fail($"--rrl {rrl}: give replies per second, or 0 for no limit");
    var options = new ServerOptions(result.GetValue(zonesOption)!, specs, ipv4, ipv6, cores, rrl, result.GetValue(statsOption), result.GetValue(busyPoll));

    if (!ZoneLoader.TryLoad(options.Zones, out Responder? responder, out List<string> errors))
    {
        foreach (string error in errors)
            Console.Error.WriteLine($"dns: {error}");
        return 1;
    }
    var state = new ServerState(PortMac.Of(specs[0]), [.. ipv4], [.. ipv6], QueryPort(specs[0])) { Responder = responder };
    Console.Error.WriteLine($"dns: serving {responder!.Zones.Count} zone(s) on {string.Join(", ", specs)}");

    using var pool = new BufferPool(16384);
    try
    {
        EngineCounters totals = PortFactory.RunAll(specs, pool.CreateCache(), new ServerRunner(options, state, pool, Console.Out));
        totals.Print(Console.Out);
        return 0;
    }
    catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidOperationException)
    {
        return Fail(e.Message);
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine($"dns: {message}");
        return 2;
    }

    // Queries come to port 53, or, on a kernel UDP socket, to the port it is bound to.
    static ushort QueryPort(PortSpec spec) =>
        spec.Kind == "udp" && System.Net.IPEndPoint.TryParse(spec.Arguments.Split(',')[0], out System.Net.IPEndPoint? endpoint) ? (ushort)endpoint.Port : (ushort)53;
});
return root.Parse(args).Invoke();
