using Fastpath.Headers;
using Fastpath.Stack;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Stack;

/// <summary>ARP, ICMP echo and neighbor discovery answered in place: requests made by scapy, replies checked field by field and by tshark's own checksum validation.</summary>
public class StackResponderTests
{
    private static readonly MacAddress Ours = MacAddress.Parse("02:99:00:00:00:0a");
    private static readonly Ipv4Address[] Ours4 = [Ipv4Address.Parse("10.99.0.1")];
    private static readonly Ipv6Address[] Ours6 = [Ipv6Address.Parse("fd99::1")];

    // Written by scapy: who-has 10.99.0.1; an echo request over VLAN 7 with TTL 17; an ICMPv6 echo; a neighbor
    // solicitation for fd99::1 with a source link-layer option; a duplicate-address probe from ::.
    private const string ArpRequest = "ffffffffffff020000000099080600010800060400010200000000990a6300020000000000000a630001";
    private const string Echo4 = "02990000000a0200000000998100000708004500002a000100001101950a0a6300020a6300010800e3341234000568656c6c6f206661737470617468";
    private const string Echo6 = "02990000000a02000000009986dd6000000000123a09fd990000000000000000000000000002fd990000000000000000000000000001800096b80007000970696e67362064617461";
    private const string Solicitation = "3333ff00000102000000009986dd6000000000203afffd990000000000000000000000000002ff0200000000000000000001ff00000187007bce00000000fd9900000000000000000000000000010101020000000099";
    private const string DadProbe = "3333ff00000102000000009886dd6000000000183aff00000000000000000000000000000000ff0200000000000000000001ff00000187007d0c00000000fd990000000000000000000000000001";

    private static byte[] Answer(string hex)
    {
        byte[] frame = Convert.FromHexString(hex);
        Assert.True(StandardPacket.TryParse(frame, out var p), p.Error.ToString());
        if (p.HasArp)
            Assert.True(ArpResponder.TryReply(p.Ethernet, p.Arp, Ours, Ours4));
        else if (p.HasIcmpv4)
            Assert.True(EchoResponder.TryReply(p.Ethernet, p.Ipv4, p.Icmpv4, Ours4));
        else if (p.Icmpv6.Type == 128)
            Assert.True(EchoResponder.TryReply(p.Ethernet, p.Ipv6, p.Icmpv6, Ours6));
        else
        {
            // With tailroom, as a packet buffer has: a probe without options grows by 8 bytes.
            byte[] room = new byte[frame.Length + 64];
            frame.CopyTo(room);
            Assert.True(NeighborResponder.TryAdvertise(room, frame.Length, p.Ipv6Offset, p.Icmpv6Offset, Ours, Ours6, out int length));
            frame = room[..length];
        }
        return frame;
    }

    [Fact]
    public void ArpRequestBecomesTheReply()
    {
        byte[] reply = Answer(ArpRequest);
        Assert.True(StandardPacket.TryParse(reply, out var p));
        Assert.Equal(2, p.Arp.Operation);
        Assert.Equal(Ours, p.Arp.SenderHardwareAddress);
        Assert.Equal(Ours4[0], p.Arp.SenderProtocolAddress);
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:99"), p.Arp.TargetHardwareAddress);
        Assert.Equal(Ipv4Address.Parse("10.99.0.2"), p.Arp.TargetProtocolAddress);
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:99"), p.Ethernet.Destination);
        Assert.Equal(Ours, p.Ethernet.Source);
    }

    [Fact]
    public void EchoRepliesKeepTheVlanAndPayloadAndCarryValidChecksums()
    {
        byte[] reply = Answer(Echo4);
        Assert.True(StandardPacket.TryParse(reply, out var p));
        Assert.Equal(7, p.GetVlan(0).VlanId);
        Assert.Equal(0, p.Icmpv4.Type);
        Assert.Equal(Ipv4Address.Parse("10.99.0.2"), p.Ipv4.Destination);
        Assert.Equal(EchoResponder.ReplyHopLimit, p.Ipv4.Ttl);
        Assert.True(p.Ipv4.IsChecksumValid);
        Assert.True(InternetChecksum.Verify(reply.AsSpan(p.Icmpv4Offset)));
        Assert.EndsWith("hello fastpath", System.Text.Encoding.ASCII.GetString(reply));

        byte[] reply6 = Answer(Echo6);
        Assert.True(StandardPacket.TryParse(reply6, out var q));
        Assert.Equal(129, q.Icmpv6.Type);
        Assert.Equal(Ipv6Address.Parse("fd99::2"), q.Ipv6.Destination);
        Assert.True(InternetChecksum.Verify(reply6.AsSpan(q.Icmpv6Offset), q.Ipv6.PseudoHeaderSum(IpProtocol.Icmpv6, q.Ipv6.PayloadLength)));
    }

    [Fact]
    public void SolicitationsAreAdvertisedToTheAskerAndDadProbesToAllNodes()
    {
        byte[] advert = Answer(Solicitation);
        Assert.True(StandardPacket.TryParse(advert, out var p), p.Error.ToString());
        Assert.Equal(136, p.Icmpv6.Type);
        Assert.True(p.NdpNeighbor.Solicited && p.NdpNeighbor.Override && !p.NdpNeighbor.Router);
        Assert.Equal(Ours6[0], p.NdpNeighbor.TargetAddress);
        Assert.Equal(Ours6[0], p.Ipv6.Source);
        Assert.Equal(Ipv6Address.Parse("fd99::2"), p.Ipv6.Destination);
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:99"), p.Ethernet.Destination);

        byte[] dad = Answer(DadProbe);
        Assert.True(StandardPacket.TryParse(dad, out var d));
        Assert.Equal(Ipv6Address.Parse("ff02::1"), d.Ipv6.Destination);
        Assert.False(d.NdpNeighbor.Solicited);
        Assert.Equal(MacAddress.Parse("33:33:00:00:00:01"), d.Ethernet.Destination);
    }

    [Fact]
    public void TsharkDecodesEveryReplyWithGoodChecksums()
    {
        using var dir = new TempDirectory();
        string path = dir.File("replies.pcap");
        using (var writer = new PcapWriter(path))
        {
            foreach (string request in new[] { ArpRequest, Echo4, Echo6, Solicitation, DadProbe })
                writer.Write(Answer(request), 1_700_000_000_000_000_000L);
        }
        string output = CaptureTools.Run("tshark", "-n", "-r", path, "-o", "ip.check_checksum:TRUE", "-T", "fields", "-E", "separator=,",
            "-e", "arp.opcode", "-e", "icmp.type", "-e", "icmp.checksum.status", "-e", "ip.checksum.status", "-e", "icmpv6.type", "-e", "icmpv6.checksum.status",
            "-e", "icmpv6.opt.linkaddr");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("2,", lines[0]);
        Assert.Equal(",0,1,1,,,", lines[1]);
        Assert.Equal(",,,,129,1,", lines[2]);
        Assert.Equal(",,,,136,1,02:99:00:00:00:0a", lines[3]);
        Assert.Equal(",,,,136,1,02:99:00:00:00:0a", lines[4]);
    }

    [Fact]
    public void WhatIsNotOursOrNotARequestIsLeftAlone()
    {
        Ipv4Address[] others = [Ipv4Address.Parse("10.99.0.9")];
        Ipv6Address[] others6 = [Ipv6Address.Parse("fd99::9")];
        foreach (string hex in new[] { ArpRequest, Echo4, Echo6, Solicitation })
        {
            byte[] frame = Convert.FromHexString(hex);
            byte[] before = (byte[])frame.Clone();
            Assert.True(StandardPacket.TryParse(frame, out var p));
            Assert.False(p.HasArp ? ArpResponder.TryReply(p.Ethernet, p.Arp, Ours, others)
                : p.HasIcmpv4 ? EchoResponder.TryReply(p.Ethernet, p.Ipv4, p.Icmpv4, others)
                : p.Icmpv6.Type == 128 ? EchoResponder.TryReply(p.Ethernet, p.Ipv6, p.Icmpv6, others6)
                : NeighborResponder.TryAdvertise(frame, frame.Length, p.Ipv6Offset, p.Icmpv6Offset, Ours, others6, out _));
            Assert.Equal(before, frame);
        }
        // A reply is not answered, and a solicitation that a router could have forwarded (hop limit below 255) is discarded.
        byte[] reply = Answer(ArpRequest);
        Assert.True(StandardPacket.TryParse(reply, out var r));
        Assert.False(ArpResponder.TryReply(r.Ethernet, r.Arp, Ours, Ours4));
        byte[] forwarded = Convert.FromHexString(Solicitation);
        forwarded[14 + 7] = 254;
        Assert.True(StandardPacket.TryParse(forwarded, out var f));
        Assert.False(NeighborResponder.TryAdvertise(forwarded, forwarded.Length, f.Ipv6Offset, f.Icmpv6Offset, Ours, Ours6, out _));
        // A probe without room to grow is refused, not written past its end.
        byte[] probe = Convert.FromHexString(DadProbe);
        Assert.True(StandardPacket.TryParse(probe, out var g));
        Assert.False(NeighborResponder.TryAdvertise(probe, probe.Length, g.Ipv6Offset, g.Icmpv6Offset, Ours, Ours6, out _));
    }
}
