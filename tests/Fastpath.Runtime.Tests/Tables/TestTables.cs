using Fastpath.Headers;
using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>An ACL over every non-exact match kind: tuple space search behind it.</summary>
[Table(typeof(StandardPacket), Size = 64, Counters = true)]
public sealed partial class AclTable
{
    [Key(MatchKind.Ternary)]
    private static Ipv4Address Source(in StandardPacket p) => p.Ipv4.Source;

    [Key(MatchKind.Lpm)]
    private static Ipv4Address Destination(in StandardPacket p) => p.Ipv4.Destination;

    [Key(MatchKind.Range)]
    private static ushort Port(in StandardPacket p) => p.Udp.DestinationPort;

    [Key(MatchKind.Optional)]
    private static IpProtocol Protocol(in StandardPacket p) => p.Ipv4.Protocol;

    [TableAction]
    private static Verdict Permit(ref StandardPacket p, PacketBuffer buffer, ushort port) => Verdict.Forward(port);

    [TableAction]
    private static Verdict ToControlPlane(ref StandardPacket p, PacketBuffer buffer) => Verdict.SlowPath;

    [TableAction(Default = true)]
    private static Verdict Deny(ref StandardPacket p, PacketBuffer buffer) => Verdict.Drop;
}

/// <summary>A flow table: every key exact, so an open-addressing hash over the packed key.</summary>
[Table(typeof(StandardPacket), Size = 1000, Counters = true)]
public sealed partial class FlowTable
{
    [Key(MatchKind.Exact)]
    private static Ipv4Address Source(in StandardPacket p) => p.Ipv4.Source;

    [Key(MatchKind.Exact)]
    private static ushort SourcePort(in StandardPacket p) => p.Udp.SourcePort;

    [Key(MatchKind.Exact)]
    private static bool IsUdp(in StandardPacket p) => p.HasUdp;

    [TableAction]
    private static Verdict SendTo(ref StandardPacket p, PacketBuffer buffer, MacAddress next, ushort port)
    {
        var ethernet = p.Ethernet;
        ethernet.Destination = next;
        return Verdict.Forward(port);
    }

    [TableAction(Default = true)]
    private static Verdict Miss(ref StandardPacket p, PacketBuffer buffer) => Verdict.SlowPath;
}

/// <summary>IPv6 routes: one LPM key on an IPv6 address, so the multibit trie.</summary>
[Table(typeof(StandardPacket), Size = 16)]
public sealed partial class Ipv6RouteTable
{
    [Key(MatchKind.Lpm)]
    private static Ipv6Address Destination(in StandardPacket p) => p.Ipv6.Destination;

    [TableAction]
    private static Verdict Out(ref StandardPacket p, PacketBuffer buffer, ushort port) => Verdict.Forward(port);

    [TableAction(Default = true)]
    private static Verdict Unreachable(ref StandardPacket p, PacketBuffer buffer) => Verdict.Drop;
}

/// <summary>Rules that hand IPv4 to the ACL table: the table's reader is refreshed by the generated BeginBurst.</summary>
[Rules(typeof(StandardPacket))]
public partial struct AclRules
{
    /// <summary>This worker's reader of the ACL.</summary>
    public AclTable.Reader Acl;

    [Rule(Priority = 10)]
    private static bool IsIpv4(in StandardPacket p) => p.HasIpv4;

    [Action(nameof(IsIpv4))]
    private readonly Verdict Filter(ref StandardPacket p, PacketBuffer buffer) => Acl.Apply(ref p, buffer);
}
