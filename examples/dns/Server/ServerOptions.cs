namespace Fastpath.Examples.Dns.Server;

/// <summary>The server's command line, checked.</summary>
internal sealed record ServerOptions(
    IReadOnlyList<string> Zones,
    IReadOnlyList<PortSpec> Ports,
    IReadOnlyList<Ipv4Address> Ipv4,
    IReadOnlyList<Ipv6Address> Ipv6,
    IReadOnlyList<int>? Cores,
    int ResponseRateLimit,
    bool Stats,
    bool BusyPoll);
