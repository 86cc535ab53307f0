using Fastpath.Headers;

namespace Fastpath.Tests;

public class SmokeTests
{
    [Fact]
    public void StandardPacketParsesIpv4Udp()
    {
        byte[] frame = Convert.FromHexString(
            "ffffffffffff0200000000010800" +
            "450000280001000040110000c0a80001c0a80002" +
            "303900350014000000010100000100000000000000");
        Assert.True(StandardPacket.TryParse(frame, out var p), p.Error.ToString());
        Assert.Equal(EtherType.Ipv4, p.Ethernet.EtherType);
        Assert.Equal(IpProtocol.Udp, p.Ipv4.Protocol);
        Assert.Equal(new Ipv4Address(192, 168, 0, 1), p.Ipv4.Source);
        Assert.Equal(53, p.Udp.DestinationPort);
        Assert.True(p.HasDns);
        Assert.Equal(1, p.Dns.Id);
        Assert.True(p.Dns.RecursionDesired);
        Assert.Equal(1, p.Dns.QuestionCount);
    }
}
