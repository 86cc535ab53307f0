using Fastpath.Headers;

namespace Fastpath.Samples.PcapStats;

/// <summary>Per-protocol packet counts and reject reasons, filled from parsed packets without allocating.</summary>
internal sealed class ProtocolCounts
{
    public long Packets, Bytes, Accepted;
    public long Ethernet, Vlan, Mpls, Arp, Ipv4, Ipv4Fragment, Ipv6, Ipv6Extension, Ipv6Fragment, Icmpv4, Icmpv6, Ndp, Tcp, Udp, Dns, Vxlan;
    public readonly long[] Rejected = new long[Enum.GetValues<ParseError>().Length];
    public readonly long[] RejectedAt = new long[Enum.GetValues<StandardPacket.Layer>().Length];

    /// <summary>Count one parsed packet.</summary>
    public void Add(in StandardPacket p, int length)
    {
        Packets++;
        Bytes += length;
        if (!p.IsAccepted)
        {
            Rejected[(int)p.Error]++;
            RejectedAt[(int)p.ErrorLayer]++;
        }
        else
        {
            Accepted++;
        }
        // A rejected packet still counts the headers parsed before the reject.
        if (p.HasEthernet) Ethernet++;
        if (p.HasVlan) Vlan++;
        if (p.HasMpls) Mpls++;
        if (p.HasArp) Arp++;
        if (p.HasIpv4) Ipv4++;
        if (p.HasIpv4 && (p.Ipv4.MoreFragments || p.Ipv4.FragmentOffset != 0)) Ipv4Fragment++;
        if (p.HasIpv6) Ipv6++;
        if (p.HasIpv6Extension) Ipv6Extension++;
        if (p.HasIpv6Fragment) Ipv6Fragment++;
        if (p.HasIcmpv4) Icmpv4++;
        if (p.HasIcmpv6) Icmpv6++;
        if (p.HasNdpNeighbor) Ndp++;
        if (p.HasTcp) Tcp++;
        if (p.HasUdp) Udp++;
        if (p.HasDns) Dns++;
        if (p.HasVxlan) Vxlan++;
    }

    /// <summary>Write the table.</summary>
    public void Print(TextWriter output, string source, TimeSpan elapsed)
    {
        output.WriteLine($"{source}: {Packets} packets, {Bytes} bytes, {Accepted} accepted, {Packets - Accepted} rejected ({elapsed.TotalMilliseconds:F1} ms)");
        (string, long)[] rows =
        [
            ("ethernet", Ethernet), ("vlan", Vlan), ("mpls", Mpls), ("arp", Arp), ("ipv4", Ipv4), ("ipv4-frag", Ipv4Fragment), ("ipv6", Ipv6),
            ("ipv6-ext", Ipv6Extension), ("ipv6-frag", Ipv6Fragment), ("icmp", Icmpv4), ("icmpv6", Icmpv6),
            ("ndp", Ndp), ("tcp", Tcp), ("udp", Udp), ("dns", Dns), ("vxlan", Vxlan),
        ];
        foreach ((string name, long count) in rows)
        {
            if (count > 0)
                output.WriteLine($"  {name,-10} {count,10}");
        }
        for (int i = 1; i < Rejected.Length; i++)
        {
            if (Rejected[i] > 0)
                output.WriteLine($"  rejected {(ParseError)i,-12} {Rejected[i],8}");
        }
        for (int i = 1; i < RejectedAt.Length; i++)
        {
            if (RejectedAt[i] > 0)
                output.WriteLine($"  rejected at {(StandardPacket.Layer)i,-9} {RejectedAt[i],8}");
        }
    }
}
