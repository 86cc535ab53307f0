using Fastpath.Tables;

namespace Fastpath.Examples.Forward;

/// <summary>
/// The IPv4 routes as a match/action table (P4's <c>ipv4_lpm</c>): longest-prefix match on the
/// destination; an entry forwards to a next hop through a port, a miss drops.
/// </summary>
/// <remarks>One LPM key on an IPv4 address, so the generator backs it with DIR-24-8. Size covers a full Internet table (about 1M routes would need a bigger one; 524,288 keeps the per-worker hit counters at 8 MiB).</remarks>
[Table(typeof(L3Packet), Size = 1 << 19)]
public sealed partial class Ipv4Routes
{
    [Key(MatchKind.Lpm)]
    private static Ipv4Address Destination(in L3Packet p) => p.Ipv4.Destination;

    // RFC 1812 §5.3.1 (TTL, with the RFC 1624 incremental checksum update) and §5.3.4 (forwarding): rewrite the MACs for the next hop.
    [TableAction]
    private static Verdict Forward(ref L3Packet p, PacketBuffer buffer, MacAddress nextHop, MacAddress source, ushort port)
    {
        if (!p.Ipv4.TryDecrementTtl())
            return Verdict.Drop;
        var ethernet = p.Ethernet;
        ethernet.Destination = nextHop;
        ethernet.Source = source;
        return Verdict.Forward(port);
    }

    [TableAction(Default = true)]
    private static Verdict NoRoute(ref L3Packet p, PacketBuffer buffer) => Verdict.Drop;

    /// <summary>Install the IPv4 routes of <paramref name="file"/> as one batch, each forwarding through its port with that port's MAC as source; false, with the file, line and reason, when a route names a port that does not exist or the table refuses the batch.</summary>
    public bool TryLoad(RoutesFile file, IReadOnlyList<MacAddress> portMacs, out string error)
    {
        var entries = new List<KeyValuePair<Key, Action>>(file.Ipv4Routes.Count);
        foreach (Route<Ipv4Prefix> route in file.Ipv4Routes)
        {
            if (route.NextHop.Port >= portMacs.Count)
            {
                error = $"{file.Name}:{route.Line}: route {route.Prefix} leaves through port {route.NextHop.Port}, but there {(portMacs.Count == 1 ? "is 1 port" : $"are {portMacs.Count} ports")} (0 to {portMacs.Count - 1})";
                return false;
            }
            entries.Add(new(new Key(route.Prefix), Action.Forward(route.NextHop.Mac, portMacs[route.NextHop.Port], route.NextHop.Port)));
        }
        if (!TryReplaceAll(entries, out string tableError))
        {
            error = $"{file.Name}: {tableError}";
            return false;
        }
        error = "";
        return true;
    }
}
