using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>What every worker of the server shares, read-mostly: its addresses, MAC and port, and the zones' current replies.</summary>
/// <remarks>The responder is replaced whole on a reload (one volatile write); workers read it once per burst.</remarks>
internal sealed class ServerState(MacAddress mac, Ipv4Address[] ipv4, Ipv6Address[] ipv6, ushort port)
{
    private Responder? _responder;

    /// <summary>Return the MAC the server answers ARP and neighbor solicitations with.</summary>
    public MacAddress Mac { get; } = mac;

    /// <summary>Return the IPv4 addresses the server answers ARP and echo for.</summary>
    public Ipv4Address[] Ipv4 { get; } = ipv4;

    /// <summary>Return the IPv6 addresses the server answers neighbor solicitations and echo for.</summary>
    public Ipv6Address[] Ipv6 { get; } = ipv6;

    /// <summary>Return the UDP port queries arrive on.</summary>
    public ushort Port { get; } = port;

    /// <summary>Return or publish the replies of the zones being served.</summary>
    public Responder? Responder
    {
        get => Volatile.Read(ref _responder);
        set => Volatile.Write(ref _responder, value);
    }
}
