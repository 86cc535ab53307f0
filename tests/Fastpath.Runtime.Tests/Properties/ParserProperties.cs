using CsCheck;
using Fastpath.Headers;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Properties;

/// <summary>The standard parser on random packets: right values for well-formed ones, no throw and no stray read for any bytes.</summary>
public class ParserProperties
{
    [Fact]
    public void WellFormedPacketsParseToTheirFieldValues()
    {
        PacketSpec.Generator.Sample(spec =>
        {
            byte[] frame = spec.Encode();
            Assert.True(StandardPacket.TryParse(frame, out var p), $"{p.Error} at {p.ErrorLayer}: {Convert.ToHexString(frame)}");
            Assert.Equal(spec.Destination, p.Ethernet.Destination.Value);
            Assert.Equal(spec.Source, p.Ethernet.Source.Value);
            Assert.Equal(spec.Vlans.Length, p.VlanCount);
            for (int i = 0; i < spec.Vlans.Length; i++)
            {
                Assert.Equal(spec.Vlans[i] & 0xFFF, p.GetVlan(i).VlanId);
                Assert.Equal(spec.Vlans[i] >> 13, p.GetVlan(i).Priority);
            }
            if (spec.Ipv6)
            {
                Assert.True(p.HasIpv6);
                Assert.False(p.HasIpv4);
                Assert.Equal(new Ipv6Address(spec.Source6), p.Ipv6.Source);
                Assert.Equal(new Ipv6Address(spec.Destination6), p.Ipv6.Destination);
                Assert.Equal(spec.Ttl, p.Ipv6.HopLimit);
                Assert.Equal(spec.ExtensionHeaders, p.Ipv6ExtensionCount);
            }
            else
            {
                Assert.True(p.HasIpv4);
                Assert.Equal(spec.Source4, p.Ipv4.Source.Value);
                Assert.Equal(spec.Destination4, p.Ipv4.Destination.Value);
                Assert.Equal(spec.Ttl, p.Ipv4.Ttl);
                Assert.Equal(20 + 4 * spec.Ipv4OptionWords, p.Ipv4.LengthInBytes);
                Assert.Equal(4 * spec.Ipv4OptionWords, p.Ipv4.Options.Length);
                Assert.True(p.Ipv4.DontFragment);
            }
            switch (spec.Transport)
            {
                case PacketSpec.Udp:
                    Assert.True(p.HasUdp);
                    Assert.Equal(spec.SourcePort, p.Udp.SourcePort);
                    Assert.Equal(spec.DestinationPort, p.Udp.DestinationPort);
                    break;
                case PacketSpec.Tcp:
                    Assert.True(p.HasTcp);
                    Assert.Equal(spec.SourcePort, p.Tcp.SourcePort);
                    Assert.Equal(spec.DestinationPort, p.Tcp.DestinationPort);
                    Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, p.Tcp.Flags);
                    Assert.Equal(4 * spec.TcpOptionWords, p.Tcp.Options.Length);
                    break;
                default:
                    Assert.True(spec.Ipv6 ? p.HasIcmpv6 : p.HasIcmpv4);
                    break;
            }
            // The payload is exactly what was sent: link-layer padding is trimmed by the IP length.
            Assert.Equal(spec.Payload, p.Payload.ToArray());
            Assert.Equal(frame.Length - spec.Padding - spec.Payload.Length, p.PayloadOffset);
        }, iter: 3000);
    }

    [Fact]
    public void TruncatingAWellFormedPacketRejectsItWithAReason()
    {
        PacketSpec.Generator.Select(Gen.Int[1, 1000]).Sample((spec, cut) =>
        {
            byte[] frame = spec.Encode();
            int headers = frame.Length - spec.Padding - spec.Payload.Length;
            int length = cut % headers;
            Assert.False(StandardPacket.TryParse(frame.AsSpan(0, length), out var p));
            Assert.True(p.Error is ParseError.Truncated or ParseError.BadLength, $"{p.Error} at length {length}");
            Assert.NotEqual(StandardPacket.Layer.None, p.ErrorLayer);
            Assert.Equal(0, p.Payload.Length);
        }, iter: 2000);
    }

    [Fact]
    public void AnyBytesNeverThrowNorReadOutsideThePacket()
    {
        using var memory = new GuardedMemory(4096);
        Assert.True(memory.GuardsAreMapped());
        // Half random bytes, half well-formed packets with random bytes flipped: the second reach deep states.
        Gen<byte[]> mutated = PacketSpec.Generator.Select(Gen.Int, Gen.Int[1, 8]).Select((spec, seed, flips) =>
        {
            byte[] frame = spec.Encode();
            var random = new Random(seed);
            for (int i = 0; i < flips && frame.Length > 0; i++)
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            return frame.AsSpan(0, random.Next(frame.Length + 1)).ToArray();
        });
        Gen.OneOf(Gen.Byte.Array[0, 300], mutated).Sample(bytes =>
        {
            Touch(memory.PlaceAtEnd(bytes));
            Touch(memory.PlaceAtStart(bytes));
        }, iter: 20000);
    }

    /// <summary>Parse and read every field of every header, present or absent, and every byte of every span.</summary>
    private static long Touch(Span<byte> frame)
    {
        StandardPacket.TryParse(frame, out var p);
        long sum = (long)p.Error + (long)p.ErrorLayer;
        sum += (long)(p.Ethernet.Destination.Value + p.Ethernet.Source.Value) + (long)p.Ethernet.EtherType;
        for (int i = 0; i < 3; i++)
        {
            var v = p.GetVlan(i);
            sum += v.Priority + v.VlanId + (int)v.EtherType + (v.DropEligible ? 1 : 0);
            var m = p.GetMpls(i);
            sum += m.Label + m.TrafficClass + m.Ttl + (m.BottomOfStack ? 1 : 0);
            var e = p.GetIpv6Extension(i);
            sum += (int)e.NextHeader + e.HeaderExtLength + Sum(e.Options);
        }
        var ip = p.Ipv4;
        sum += ip.Version + ip.Ihl + ip.Dscp + ip.Ecn + ip.TotalLength + ip.Identification + ip.FragmentOffset + ip.Ttl
            + (int)ip.Protocol + ip.HeaderChecksum + (long)ip.Source.Value + ip.Destination.Value + Sum(ip.Options) + (ip.DontFragment ? 1 : 0);
        var ip6 = p.Ipv6;
        sum += ip6.Version + ip6.TrafficClass + ip6.FlowLabel + ip6.PayloadLength + (int)ip6.NextHeader + ip6.HopLimit
            + unchecked((long)(ip6.Source.High + ip6.Source.Low + ip6.Destination.High + ip6.Destination.Low));
        var f = p.Ipv6Fragment;
        sum += f.FragmentOffset + f.Identification + (f.MoreFragments ? 1 : 0);
        var arp = p.Arp;
        sum += (long)(arp.Operation + arp.SenderHardwareAddress.Value + arp.TargetProtocolAddress.Value + arp.HardwareType);
        var tcp = p.Tcp;
        sum += (long)tcp.SourcePort + tcp.DestinationPort + tcp.SequenceNumber + tcp.AcknowledgmentNumber + tcp.DataOffset + (int)tcp.Flags
            + tcp.Window + tcp.Checksum + tcp.UrgentPointer + Sum(tcp.Options);
        var udp = p.Udp;
        sum += (long)udp.SourcePort + udp.DestinationPort + udp.Length + udp.Checksum;
        sum += p.Icmpv4.Type + p.Icmpv4.Code + p.Icmpv4.Identifier + p.Icmpv4.SequenceNumber + p.Icmpv6.Type + p.Icmpv6.Checksum;
        sum += (long)(p.NdpNeighbor.TargetAddress.Low + p.NdpNeighbor.Reserved);
        var dns = p.Dns;
        sum += dns.Id + dns.Opcode + dns.ResponseCode + dns.QuestionCount + dns.AnswerCount + dns.AuthorityCount + dns.AdditionalCount + (dns.IsResponse ? 1 : 0);
        sum += (long)p.Vxlan.Vni + (p.Vxlan.VniValid ? 1 : 0);
        sum += Sum(p.Payload) + Sum(p.Frame) + Sum(p.Ipv4.Bytes) + Sum(p.Tcp.Bytes);
        return sum;
    }

    private static long Sum(Span<byte> bytes)
    {
        long s = 0;
        foreach (byte b in bytes)
            s += b;
        return s;
    }
}
