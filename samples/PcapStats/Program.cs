using System.CommandLine;
using System.Diagnostics;
using Fastpath;
using Fastpath.Samples.PcapStats;

// pcapstat: count the protocols in a capture (or any port) with the generated standard parser.
var source = new Argument<string>("source")
{
    Description = "A capture file, or a port as kind:args (pcap:in.pcap, memory:synthetic=dns,count=1000000)",
};
var root = new RootCommand("Count protocols with Fastpath's generated parsers") { source };
root.SetAction(result =>
{
    string text = result.GetValue(source)!;
    if (!text.Contains(':'))
        text = "pcap:" + text;
    if (!PortSpec.TryParse(text, out PortSpec? spec, out string? error))
    {
        Console.Error.WriteLine($"pcapstat: {error}");
        return 2;
    }
    using var pool = new BufferPool(4096);
    BufferCache cache = pool.CreateCache();
    var counts = new ProtocolCounts();
    var clock = Stopwatch.StartNew();
    try
    {
        PortFactory.Run(spec!, cache, new CountingLoop(cache, counts));
    }
    catch (Exception e) when (e is ArgumentException or IOException or FormatException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"pcapstat: {e.Message}");
        return 1;
    }
    counts.Print(Console.Out, spec!.ToString(), clock.Elapsed);
    return 0;
});
return root.Parse(args).Invoke();
