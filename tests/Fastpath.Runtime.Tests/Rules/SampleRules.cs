using Fastpath.Headers;

namespace Fastpath.Tests.Rules;

/// <summary>A rule set exercising every kind of condition the generator understands, one it does not, and a Continue.</summary>
[Rules(typeof(StandardPacket), Default = VerdictKind.Transmit)]
public partial struct SampleRules
{
    public int Answered;
    public int Marked;

    /// <summary>Per-rule hits, when a test gives the rules a lane.</summary>
    public RuleCounterLane RuleHits;

    [Rule(Priority = 100)]
    private static bool IsArp(in StandardPacket p) => p.HasArp;

    [Action(nameof(IsArp))]
    private static Verdict ToSlowPath(ref StandardPacket p, PacketBuffer buffer) => Verdict.SlowPath;

    [Rule(Priority = 50)]
    private static bool IsDns(in StandardPacket p) => p.HasUdp && p.Udp.DestinationPort == 53;

    [Action(nameof(IsDns))]
    private Verdict Answer(ref StandardPacket p, PacketBuffer buffer)
    {
        Answered++;
        return Verdict.Forward(1);
    }

    [Rule(Priority = 50)]
    private static bool IsSsh(in StandardPacket p) => p.HasTcp && (p.Tcp.DestinationPort == 22 || 22 == p.Tcp.SourcePort);

    [Action(nameof(IsSsh))]
    private static Verdict ToSsh(ref StandardPacket p, PacketBuffer buffer) => Verdict.Forward(2);

    [Rule(Priority = 45)]
    private static bool IsWeb(in StandardPacket p) => p.Tcp.DestinationPort == 80 || p.Tcp.DestinationPort == 443 || p.Tcp.DestinationPort == 8080;

    [Action(nameof(IsWeb))]
    private static Verdict ToWeb(ref StandardPacket p, PacketBuffer buffer) => Verdict.Forward(4);

    [Rule(Priority = 40)]
    private static bool Expiring(in StandardPacket p) => p.Ipv4.IsValid && p.Ipv4.Ttl <= 1 && p.Ipv4.Protocol != IpProtocol.Icmp;

    [Action(nameof(Expiring))]
    private static Verdict Expire(ref StandardPacket p, PacketBuffer buffer) => Verdict.SlowPath;

    [Rule(Priority = 30)]
    private static bool Expedited(in StandardPacket p) => (p.Ipv4.Dscp & 0x38) == 0x28 && !p.Ipv4.DontFragment;

    [Action(nameof(Expedited))]
    private Verdict Mark(ref StandardPacket p, PacketBuffer buffer)
    {
        Marked++;
        return Verdict.Continue;
    }

    [Rule(Priority = 20)]
    private static bool Ephemeral(in StandardPacket p) => p.Udp.SourcePort > 1024 && p.Udp.SourcePort < 20000 && !(p.Udp.DestinationPort >= 60000);

    [Action(nameof(Ephemeral))]
    private static Verdict DropEphemeral(ref StandardPacket p, PacketBuffer buffer) => Verdict.Drop;

    [Rule(Priority = 15)]
    private static bool WellKnown(in StandardPacket p) => p.Tcp.DestinationPort < 100 && p.Tcp.DestinationPort != 80 && p.Tcp.DestinationPort >= 20;

    [Action(nameof(WellKnown))]
    private static Verdict ToFive(ref StandardPacket p, PacketBuffer buffer) => Verdict.Forward(5);

    [Rule(Priority = 10)]
    private static bool Large(in StandardPacket p) => p.Payload.Length > 100;

    [Action(nameof(Large))]
    private static Verdict ToThree(ref StandardPacket p, PacketBuffer buffer) => Verdict.Forward(3);
}
