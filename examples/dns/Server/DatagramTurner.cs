using Fastpath.Headers;

namespace Fastpath.Examples.Dns.Server;

/// <summary>Turns a UDP datagram around after its payload was replaced by a reply: ports, addresses and MACs swapped, lengths and checksums set.</summary>
internal static class DatagramTurner
{
    /// <summary>The TTL or hop limit replies leave with.</summary>
    public const byte HopLimit = 64;

    /// <summary>Make the packet in <paramref name="buffer"/> (parsed as <paramref name="p"/>) the reply carrying <paramref name="payloadLength"/> bytes at <paramref name="payloadAt"/>, and return the verdict that sends it.</summary>
    public static Verdict TurnAround(ref StandardPacket p, PacketBuffer buffer, int payloadAt, int payloadLength)
    {
        if (!buffer.TrySetLength(payloadAt + payloadLength))
            return Verdict.Drop;
        var udp = p.Udp;
        (udp.SourcePort, udp.DestinationPort) = (udp.DestinationPort, udp.SourcePort);
        int udpLength = Udp.HeaderLength + payloadLength;
        udp.Length = (ushort)udpLength;
        udp.Checksum = 0;
        ReadOnlySpan<byte> payload = buffer.Data.Slice(payloadAt, payloadLength);
        if (p.HasIpv4)
        {
            var ip = p.Ipv4;
            (ip.Source, ip.Destination) = (ip.Destination, ip.Source);
            ip.TotalLength = (ushort)(p.UdpOffset - p.Ipv4Offset + udpLength);
            ip.Ttl = HopLimit;
            ip.UpdateChecksum();
            udp.UpdateChecksum(ip.PseudoHeaderSum(udpLength), payload);
        }
        else
        {
            var ip = p.Ipv6;
            (ip.Source, ip.Destination) = (ip.Destination, ip.Source);
            ip.PayloadLength = (ushort)(p.UdpOffset - p.Ipv6Offset - Ipv6.HeaderLength + udpLength);
            ip.HopLimit = HopLimit;
            // RFC 8200 §8.1: UDP over IPv6 always carries a checksum.
            udp.UpdateChecksum(ip.PseudoHeaderSum(IpProtocol.Udp, udpLength), payload);
        }
        var ethernet = p.Ethernet;
        (ethernet.Source, ethernet.Destination) = (ethernet.Destination, ethernet.Source);
        return Verdict.Transmit;
    }
}
