using Fastpath.Examples.Dns.Protocol;
using Fastpath.Headers;
using Fastpath.Stack;

namespace Fastpath.Examples.Dns.Server;

/// <summary>
/// The server's degenerate stack: ARP, neighbor discovery and echo for its own addresses, DNS on its
/// UDP port, each answered in place (rate-limited per client network when asked) and sent back out of the port it came in on; everything else to
/// the slow path (on af_xdp, the kernel), or dropped and counted when it cannot be parsed.
/// </summary>
[Rules(typeof(StandardPacket), OnParseError = VerdictKind.Drop, Default = VerdictKind.SlowPath)]
internal partial struct DnsRules
{
    /// <summary>The server's shared state.</summary>
    public ServerState State;

    /// <summary>This worker's query counts.</summary>
    public DnsCounters Counters;

    /// <summary>This worker's response rate limiter, or null when replies are not limited.</summary>
    public ResponseRateLimiter? Limiter;

    private Responder? _responder;
    private long _second;

    // The zones' replies and the limiter's clock, taken once per burst: a reload shows at the next burst.
    partial void OnBeginBurst()
    {
        _responder = State.Responder;
        if (Limiter is not null)
            _second = System.Diagnostics.Stopwatch.GetTimestamp() / System.Diagnostics.Stopwatch.Frequency;
    }

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
        Span<byte> message = buffer.DataAndTailroom[dnsAt..];
        int replyLength = responder.Answer(message, udp.Length - Udp.HeaderLength, out AnswerOutcome outcome);
        Counters.Count(outcome);
        if (replyLength == 0)
            return Verdict.Drop;
        if (Limiter is not null)
        {
            Span<byte> client = stackalloc byte[16];
            if (p.HasIpv4)
                p.Ipv4.Source.WriteTo(client);
            else
                p.Ipv6.Source.WriteTo(client);
            RrlDecision decision = Limiter.Check(client[..(p.HasIpv4 ? 4 : 16)], outcome, _second);
            if (decision != RrlDecision.Send)
            {
                Counters.CountLimited(decision);
                if (decision == RrlDecision.Drop)
                    return Verdict.Drop;
                replyLength = Responder.Truncate(message, replyLength);
            }
        }
        return DatagramTurner.TurnAround(ref p, buffer, dnsAt, replyLength);
    }
}
