using Fastpath.Headers;

namespace Fastpath.Examples.Forward;

/// <summary>
/// The L3 forwarder (DPDK l3fwd's LPM mode): route IPv4 by longest prefix, decrement the TTL with an
/// RFC 1624 incremental checksum update, rewrite the MACs, forward. ARP and expiring packets go to
/// the slow path, where a router's control plane answers them (ARP replies, ICMP time exceeded).
/// </summary>
[Rules(typeof(L3Packet), OnParseError = VerdictKind.Drop)]
public partial struct L3Forward
{
    /// <summary>This worker's reader of the routes table: the generated <c>BeginBurst</c> takes the table's current snapshot once per burst.</summary>
    public Ipv4Routes.Reader Routes;

    [Rule(Priority = 30)]
    private static bool IsArp(in L3Packet p) => p.HasArp;

    [Action(nameof(IsArp))]
    private static Verdict ToControlPlane(ref L3Packet p, PacketBuffer buffer) => Verdict.SlowPath;

    // RFC 1812 §5.3.1: a packet whose TTL would reach 0 is not forwarded; the control plane sends ICMP time exceeded.
    [Rule(Priority = 20)]
    private static bool IsExpiring(in L3Packet p) => p.HasIpv4 && p.Ipv4.Ttl <= 1;

    [Action(nameof(IsExpiring))]
    private static Verdict Expire(ref L3Packet p, PacketBuffer buffer) => Verdict.SlowPath;

    [Rule(Priority = 10)]
    private static bool IsIpv4(in L3Packet p) => p.HasIpv4;

    [Action(nameof(IsIpv4))]
    private readonly Verdict Route(ref L3Packet p, PacketBuffer buffer) => Routes.Apply(ref p, buffer);
}
