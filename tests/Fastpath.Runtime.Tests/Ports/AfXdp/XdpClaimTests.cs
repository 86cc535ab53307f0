namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Claims parse into the flags and port bitmaps the XDP program reads.</summary>
public sealed class XdpClaimTests
{
    [Fact]
    public void PortsRangesAndProtocolsCombine()
    {
        XdpClaim claim = XdpClaim.Parse("udp:53+udp:5000-5002+arp+tcp:80");
        Assert.True(claim.ClaimsUdpPort(53));
        Assert.True(claim.ClaimsUdpPort(5000));
        Assert.True(claim.ClaimsUdpPort(5002));
        Assert.False(claim.ClaimsUdpPort(5003));
        Assert.False(claim.ClaimsUdpPort(80));
        Assert.False(claim.ClaimsAll);
        Assert.Equal(XdpClaim.Arp, claim.Flags);

        byte[] value = new byte[XdpClaim.ValueBytes];
        claim.WriteValue(value);
        Assert.Equal(XdpClaim.Arp, BitConverter.ToUInt32(value, 0));
        Assert.Equal(1 << (53 & 7), value[8 + (53 >> 3)]);
        Assert.Equal(1 << (80 & 7), value[8 + XdpClaim.BitmapBytes + (80 >> 3)]);
    }

    [Fact]
    public void AllAndWholeProtocolsSetFlags()
    {
        Assert.True(XdpClaim.Parse("all").ClaimsAll);
        XdpClaim udp = XdpClaim.Parse("udp+icmp+icmp6");
        Assert.Equal(XdpClaim.AnyUdp | XdpClaim.Icmp | XdpClaim.Icmp6, udp.Flags);
        Assert.True(udp.ClaimsUdpPort(12345));
        Assert.True(XdpClaim.Parse("udp:53+arp").SameAs(XdpClaim.Parse("arp+udp:53")));
        Assert.False(XdpClaim.Parse("udp:53").SameAs(XdpClaim.Parse("udp:54")));
    }

    [Theory]
    [InlineData("udp:", "is not a port")]
    [InlineData("udp:9-3", "is not a port")]
    [InlineData("sctp:9", "is not known")]
    [InlineData("all+bogus", "claim 'bogus' is not known")]
    public void BadClaimsAreRefused(string text, string expected)
    {
        Assert.False(XdpClaim.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error);
    }
}
