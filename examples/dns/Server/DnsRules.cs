using Fastpath.Examples.Dns.Protocol;
using Fastpath.Headers;
using Fastpath.Stack;

namespace Fastpath.Examples.Dns.Server;

/// <summary>
/// The server's degenerate stack: ARP, neighbor discovery and echo for its own addresses, DNS on its
/// UDP port, each answered in place and sent back out of the port it came in on; everything else to
/// the slow path (on af_xdp, the kernel), or dropped and counted when it cannot be parsed.
/// </summary>
[Rules(typeof(StandardPacket), OnParseError = VerdictKind.Drop, Default = VerdictKind.SlowPath)]
internal partial struct DnsRules
{
    /// <summary>The server's shared state.</summary>
    public ServerState State;

    /// <summary>This worker's query counts.</summary>
    public DnsCounters Counters;

    private Responder? _responder;

    // The zones' replies, taken once per burst: a reload shows at the next burst.
    partial void OnBeginBurst() => _responder = State.Responder;

    [Rule(Priority = 40)]
    private static bool IsArp(in StandardPacket p) => p.HasArp;

    [Action(nameof(IsArp))]
    private readonly Verdict Arp(ref StandardPacket p, PacketBuffer buffer) =>
        ArpResponder.TryReply(p.Ethernet, p.Arp, State.Mac, State.Ipv4) ? Verdict.Transmit : Verdict.SlowPath;

    [Rule(Priority = 30)]
    private static bool IsIcmp(in StandardPacket p) => p.HasIcmpv4;

    [Action(nameof(IsIcmp))]
    private readonly Verdict Echo(ref StandardPacket p, PacketBuffer buffer) =>
        EchoResponder.TryReply(p.Ethernet, p.Ipv4, p.Icmpv4, State.Ipv4) ? Verdict.Transmit : Verdict.SlowPath;

    [Rule(Priority = 30)]
    private static bool IsIcmpv6(in StandardPacket p) => p.HasIcmpv6;

    [Action(nameof(IsIcmpv6))]
    private readonly Verdict Icmpv6(ref StandardPacket p, PacketBuffer buffer)
    {
        if (p.Icmpv6.Type == 135)
            return NeighborResponder.TryAdvertise(buffer, p.Ipv6Offset, p.Icmpv6Offset, State.Mac, State.Ipv6) ? Verdict.Transmit : Verdict.SlowPath;
        return EchoResponder.TryReply(p.Ethernet, p.Ipv6, p.Icmpv6, State.Ipv6) ? Verdict.Transmit : Verdict.SlowPath;
    }

    [Rule(Priority = 20)]
    private static bool IsUdp(in StandardPacket p) => p.HasUdp;

    [Action(nameof(IsUdp))]
    private readonly Verdict Query(ref StandardPacket p, PacketBuffer buffer)
    {
        var udp = p.Udp;
        if (udp.DestinationPort != State.Port)
            return Verdict.SlowPath;
        Responder? responder = _responder;
        if (responder is null)
            return Verdict.Drop;
        int dnsAt = p.UdpOffset + Udp.HeaderLength;
        int replyLength = responder.Answer(buffer.DataAndTailroom[dnsAt..], udp.Length - Udp.HeaderLength, out AnswerOutcome outcome);
        Counters.Count(outcome);
        return replyLength == 0 ? Verdict.Drop : DatagramTurner.TurnAround(ref p, buffer, dnsAt, replyLength);
    }
}
