using Fastpath.Headers;

namespace Fastpath.Tests.Headers;

/// <summary>The standard headers on real bytes: take apart, build with setters, parse, truncate.</summary>
public class StandardHeaderTests
{
    // An IPv4 header from a real capture; its checksum 0xB861 is the well-known worked example.
    [Fact]
    public void Ipv4TakesApart()
    {
        byte[] bytes = Convert.FromHexString("450000730000400040" + "11b861c0a80001c0a800c7");
        Assert.True(Ipv4.TryCreate(bytes, out var ip));
        Assert.Equal(4, ip.Version);
        Assert.Equal(5, ip.Ihl);
        Assert.Equal(0x73, ip.TotalLength);
        Assert.True(ip.DontFragment);
        Assert.False(ip.MoreFragments);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(64, ip.Ttl);
        Assert.Equal(IpProtocol.Udp, ip.Protocol);
        Assert.Equal(0xB861, ip.HeaderChecksum);
        Assert.Equal(Ipv4Address.Parse("192.168.0.1"), ip.Source);
        Assert.Equal(Ipv4Address.Parse("192.168.0.199"), ip.Destination);
        Assert.True(ip.IsChecksumValid);
        Assert.Equal(0, ip.Options.Length);
        Assert.Equal(2, Ipv4.Field.TotalLength);
    }

    [Fact]
    public void Ipv4BuildsWithSettersToTheSameBytes()
    {
        var bytes = new byte[20];
        bytes[0] = 0x05; // IHL first, so TryCreate sees a 20-byte header
        Assert.True(Ipv4.TryCreate(bytes, out var ip));
        ip.Version = 4;
        ip.TotalLength = 0x73;
        ip.DontFragment = true;
        ip.Ttl = 64;
        ip.Protocol = IpProtocol.Udp;
        ip.Source = Ipv4Address.Parse("192.168.0.1");
        ip.Destination = Ipv4Address.Parse("192.168.0.199");
        ip.UpdateChecksum();
        Assert.Equal("450000730000400040" + "11B861C0A80001C0A800C7", Convert.ToHexString(bytes));
    }

    [Fact]
    public void Ipv4TtlDecrementPatchesTheChecksumLikeARecompute()
    {
        byte[] bytes = Convert.FromHexString("450000730000400040" + "11b861c0a80001c0a800c7");
        Assert.True(Ipv4.TryCreate(bytes, out var ip));
        for (int ttl = 64; ttl > 1; ttl--)
        {
            Assert.True(ip.TryDecrementTtl());
            ushort patched = ip.HeaderChecksum;
            ip.UpdateChecksum();
            Assert.Equal(ip.HeaderChecksum, patched);
            Assert.True(ip.IsChecksumValid);
        }
        Assert.False(ip.TryDecrementTtl());
        Assert.Equal(1, ip.Ttl);
    }

    [Theory]
    [InlineData("4500007300004000401100b8c0a80001c0a800", "19 bytes")]
    [InlineData("440000730000400040" + "11b861c0a80001c0a800c7", "IHL 4 is shorter than the fixed header")]
    [InlineData("460000730000400040" + "11b861c0a80001c0a800c7", "IHL 6 needs 24 bytes")]
    public void Ipv4RefusesBytesThatCannotHoldIt(string hex, string why)
    {
        Assert.False(Ipv4.TryCreate(Convert.FromHexString(hex), out var ip), why);
        Assert.False(ip.IsValid);
        Assert.Equal(0, ip.Ttl);
    }

    [Fact]
    public void ArpRequestTakesApart()
    {
        byte[] frame = Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080006040001000c29aabbccc0a80101000000000000c0a80102");
        Assert.True(StandardPacket.TryParse(frame, out var p));
        Assert.True(p.HasArp);
        Assert.Equal(MacAddress.Broadcast, p.Ethernet.Destination);
        Assert.Equal("00:0c:29:aa:bb:cc", p.Arp.SenderHardwareAddress.ToString());
        Assert.Equal(1, p.Arp.Operation);
        Assert.Equal(EtherType.Ipv4, p.Arp.ProtocolType);
        Assert.Equal("192.168.1.2", p.Arp.TargetProtocolAddress.ToString());
    }

    [Fact]
    public void ArpWithOtherAddressSizesIsRejected()
    {
        byte[] frame = Convert.FromHexString("ffffffffffff000c29aabbcc0806" + "0001080008040001000c29aabbccc0a80101000000000000c0a80102");
        Assert.False(StandardPacket.TryParse(frame, out var p));
        Assert.Equal(ParseError.BadField, p.Error);
        Assert.Equal(StandardPacket.Layer.Arp, p.ErrorLayer);
    }

    [Fact]
    public void QinQIpv6WithExtensionHeadersAndVxlanBuildsAndParses()
    {
        // Ethernet, two tags, IPv6, hop-by-hop (8 bytes), UDP to 4789, VXLAN, 14 bytes of inner frame.
        var frame = new byte[14 + 4 + 4 + 40 + 8 + 8 + 8 + 14];
        Span<byte> f = frame;
        Assert.True(Ethernet.TryCreate(f, out var eth));
        eth.Destination = new MacAddress(0x0200_0000_0001);
        eth.EtherType = EtherType.QinQ;
        Assert.True(Vlan.TryCreate(f[14..], out var outer));
        outer.VlanId = 100;
        outer.Priority = 5;
        outer.EtherType = EtherType.Vlan;
        Assert.True(Vlan.TryCreate(f[18..], out var inner));
        inner.VlanId = 4094;
        inner.DropEligible = true;
        inner.EtherType = EtherType.Ipv6;
        Assert.True(Ipv6.TryCreate(f[22..], out var ip));
        ip.Version = 6;
        ip.FlowLabel = 0xABCDE;
        ip.TrafficClass = 0xB8;
        ip.PayloadLength = 8 + 8 + 8 + 14;
        ip.NextHeader = IpProtocol.HopByHop;
        ip.HopLimit = 255;
        ip.Source = Ipv6Address.Parse("2001:db8::1");
        ip.Destination = Ipv6Address.Parse("2001:db8::2");
        f[62] = (byte)IpProtocol.Udp; // hop-by-hop: next header, length 0 (8 bytes)
        Assert.True(Udp.TryCreate(f[70..], out var udp));
        udp.SourcePort = 50000;
        udp.DestinationPort = 4789;
        udp.Length = 8 + 8 + 14;
        Assert.True(Vxlan.TryCreate(f[78..], out var vx));
        vx.VniValid = true;
        vx.Vni = 0x123456;
        udp.UpdateChecksum(ip.PseudoHeaderSum(IpProtocol.Udp, udp.Length), f[78..]);

        Assert.True(StandardPacket.TryParse(frame, out var p), p.Error.ToString());
        Assert.Equal(2, p.VlanCount);
        Assert.Equal(100, p.GetVlan(0).VlanId);
        Assert.Equal(5, p.GetVlan(0).Priority);
        Assert.Equal(4094, p.GetVlan(1).VlanId);
        Assert.True(p.GetVlan(1).DropEligible);
        Assert.Equal(0xABCDEu, p.Ipv6.FlowLabel);
        Assert.Equal(0xB8, p.Ipv6.TrafficClass);
        Assert.Equal(1, p.Ipv6ExtensionCount);
        Assert.Equal(8, p.Ipv6Extension.LengthInBytes);
        Assert.Equal(70, p.UdpOffset);
        Assert.True(p.Vxlan.VniValid);
        Assert.Equal(0x123456u, p.Vxlan.Vni);
        Assert.Equal(14, p.Payload.Length);
        Assert.True(p.Udp.IsChecksumValid(p.Ipv6.PseudoHeaderSum(IpProtocol.Udp, p.Udp.Length), f[78..]));
        Assert.Equal(-1, p.GetVlanOffset(2));
        Assert.False(p.GetVlan(2).IsValid);
    }

    [Fact]
    public void MplsStackStopsAtBottomOfStackAndOverflowsPastItsDepth()
    {
        static byte[] Frame(int labels)
        {
            var f = new byte[14 + 4 * labels + 20];
            f[12] = 0x88; f[13] = 0x47;
            for (int i = 0; i < labels; i++)
            {
                uint entry = (uint)(1000 + i) << 12 | (i == labels - 1 ? 1u << 8 : 0) | 64;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(14 + 4 * i), entry);
            }
            return f;
        }
        Assert.True(StandardPacket.TryParse(Frame(3), out var p));
        Assert.Equal(3, p.MplsCount);
        Assert.Equal(1002u, p.GetMpls(2).Label);
        Assert.True(p.GetMpls(2).BottomOfStack);
        Assert.Equal(64, p.GetMpls(0).Ttl);
        Assert.Equal(20, p.Payload.Length);

        Assert.False(StandardPacket.TryParse(Frame(5), out p));
        Assert.Equal(ParseError.StackOverflow, p.Error);
        Assert.Equal(StandardPacket.Layer.Mpls, p.ErrorLayer);
    }

    [Fact]
    public void NeighborSolicitationTakesApart()
    {
        byte[] frame = Convert.FromHexString(
            "3333ff000002" + "020000000001" + "86dd" +
            "6000000000203aff" + "fe800000000000000000000000000001" + "ff0200000000000000000001ff000002" +
            "8700abcd" + "00000000" + "20010db8000000000000000000000002" + "0101020000000001");
        Assert.True(StandardPacket.TryParse(frame, out var p), p.Error.ToString());
        Assert.Equal(135, p.Icmpv6.Type);
        Assert.True(p.HasNdpNeighbor);
        Assert.Equal(Ipv6Address.Parse("2001:db8::2"), p.NdpNeighbor.TargetAddress);
        Assert.False(p.NdpNeighbor.Solicited);
        Assert.Equal(8, p.Payload.Length); // the source link-layer address option
    }

    [Theory]
    [InlineData("5500001c00000000401100000a0000010a000002" + "0035003500080000", ParseError.BadVersion, "Ipv4")]
    [InlineData("4500004000000000401100000a0000010a000002" + "0035003500080000", ParseError.BadLength, "Ipv4")]
    [InlineData("4500001c00000000401100000a0000010a000002" + "0035003500090000", ParseError.BadLength, "Udp")]
    [InlineData("4500001c00000000400600000a0000010a000002" + "0035003500080000", ParseError.Truncated, "Tcp")]
    [InlineData("4500001c00000000401100000a0000010a000002" + "1234003500080000", ParseError.Truncated, "Dns")]
    public void MalformedPacketsAreRejectedWithAReason(string ipHex, ParseError error, string layer)
    {
        byte[] frame = Convert.FromHexString("020000000002020000000001" + "0800" + ipHex);
        Assert.False(StandardPacket.TryParse(frame, out var p));
        Assert.Equal(error, p.Error);
        Assert.Equal(layer, p.ErrorLayer.ToString());
    }

    [Theory]
    [InlineData("4500002000422000401100000a0000010a000002", "first fragment: MF set, offset 0")] // its UDP length 1000 counts bytes not here
    [InlineData("45000020004200b9401100000a0000010a000002", "later fragment: offset 185")]
    public void Ipv4FragmentsStopAtTheIpLayer(string ipHex, string why)
    {
        byte[] frame = Convert.FromHexString("020000000002020000000001" + "0800" + ipHex + "1234abcd03e80000" + "deadbeef");
        Assert.True(StandardPacket.TryParse(frame, out var p), $"{why}: {p.Error} at {p.ErrorLayer}");
        Assert.True(p.HasIpv4);
        Assert.False(p.HasUdp, why);
        Assert.Equal(12, p.Payload.Length);
    }

    [Fact]
    public void Ipv6FragmentsStopAtTheFragmentHeader()
    {
        static byte[] Frame(string fragment, string udpLength = "03e8") => Convert.FromHexString(
            "020000000002020000000001" + "86dd" + "6000000000142c40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" +
            fragment + "1234abcd" + udpLength + "0000" + "deadbeef");
        Assert.True(StandardPacket.TryParse(Frame("1100000100000042"), out var first)); // offset 0, M set
        Assert.True(first.HasIpv6Fragment);
        Assert.False(first.HasUdp);
        Assert.Equal(12, first.Payload.Length); // the UDP header and data of the fragment
        Assert.True(StandardPacket.TryParse(Frame("110005c800000042"), out var later)); // offset 185, last
        Assert.True(later.Ipv6Fragment.FragmentOffset == 185 && !later.Ipv6Fragment.MoreFragments);
        Assert.False(later.HasUdp);
        Assert.True(StandardPacket.TryParse(Frame("1100000000000042", udpLength: "000c"), out var whole)); // offset 0, last: an atomic fragment (RFC 6946)
        Assert.True(whole.HasUdp);
        Assert.Equal(4, whole.Payload.Length);
    }

    [Fact]
    public void EthernetPaddingIsNotPayload()
    {
        // A 60-byte minimum frame carrying a 28-byte IPv4/UDP packet with 4 bytes of data.
        byte[] frame = new byte[60];
        Convert.FromHexString("020000000002020000000001" + "0800" + "4500002000000000401100000a0000010a000002" + "1234abcd000c0000" + "deadbeef").CopyTo(frame, 0);
        frame.AsSpan(46).Fill(0xEE);
        Assert.True(StandardPacket.TryParse(frame, out var p));
        Assert.Equal("DEADBEEF", Convert.ToHexString(p.Payload));
    }
}
