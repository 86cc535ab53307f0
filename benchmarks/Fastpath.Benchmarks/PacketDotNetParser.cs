using System.Buffers.Binary;
using System.Net;
using PacketDotNet;

namespace Fastpath.Benchmarks;

/// <summary>
/// The same reads and checks through PacketDotNet, as its users write them: <see cref="Packet.ParsePacket(LinkLayers, byte[])"/>,
/// then <c>Extract</c> for each layer. PacketDotNet does not decode DNS, so the DNS header is read from the UDP payload.
/// </summary>
/// <remarks>
/// PacketDotNet neither checks versions nor length fields, so the checks the generated parser makes
/// are written out here on its properties, in the same order, with the same outcome.
/// </remarks>
public static class PacketDotNetParser
{
    /// <summary>Parse <paramref name="frame"/> and read its fields; return false when the generated parser would reject it.</summary>
    public static bool TryParse(byte[] frame, out PacketFields fields)
    {
        fields = default;
        // PacketDotNet reads past the end of a frame shorter than an Ethernet header.
        if (frame.Length < EthernetFields.HeaderLength)
            return false;
        Packet packet = Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var ethernet = (EthernetPacket)packet;
        EthernetType etherType = ethernet.Type;
        fields.EtherType = (ushort)etherType;
        int offset = EthernetFields.HeaderLength;
        int end = frame.Length;

        // Extract a layer only where the type field says it is: Extract walks the chain from the top and decodes
        // every payload it passes, so asking for an absent layer would decode UDP's payload as well.
        if (etherType == EthernetType.VLanTaggedFrame)
        {
            if (end - offset < 4)
                return false;
            Ieee8021QPacket vlan = packet.Extract<Ieee8021QPacket>();
            fields.VlanId = vlan.VlanIdentifier;
            etherType = vlan.Type;
            offset += 4;
        }

        // Length checks on the frame come before Extract: PacketDotNet throws on a header cut short.
        IPPacket ip;
        Span<byte> address = stackalloc byte[16];
        if (etherType == EthernetType.IPv4)
        {
            // RFC 791 §3.1: version 4, IHL ≥ 5, IHL × 4 ≤ TotalLength ≤ bytes left.
            if (end - offset < IPv4Fields.HeaderLength)
                return false;
            IPv4Packet ipv4 = packet.Extract<IPv4Packet>();
            if (ipv4.Version != IPVersion.IPv4)
                return false;
            int headerLength = ipv4.HeaderLength * 4;
            if (headerLength < IPv4Fields.HeaderLength || ipv4.TotalLength < headerLength || ipv4.TotalLength > end - offset)
                return false;
            end = offset + ipv4.TotalLength;
            offset += headerLength;
            fields.SourceLow = ReadIpv4(ipv4.SourceAddress, address);
            fields.DestinationLow = ReadIpv4(ipv4.DestinationAddress, address);
            ip = ipv4;
        }
        else if (etherType == EthernetType.IPv6)
        {
            // RFC 8200 §3: version 6, 40 + PayloadLength ≤ bytes left.
            if (end - offset < IPv6Fields.HeaderLength)
                return false;
            IPv6Packet ipv6 = packet.Extract<IPv6Packet>();
            if (ipv6.Version != IPVersion.IPv6 || ipv6.PayloadLength + IPv6Fields.HeaderLength > end - offset)
                return false;
            end = offset + IPv6Fields.HeaderLength + ipv6.PayloadLength;
            offset += IPv6Fields.HeaderLength;
            (fields.SourceHigh, fields.SourceLow) = ReadIpv6(ipv6.SourceAddress, address);
            (fields.DestinationHigh, fields.DestinationLow) = ReadIpv6(ipv6.DestinationAddress, address);
            ip = ipv6;
        }
        else
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        fields.Protocol = (byte)ip.Protocol;
        if (ip.Protocol != ProtocolType.Udp)
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        // RFC 768: 8 ≤ Length ≤ bytes left in the IP packet.
        if (end - offset < UdpFields.HeaderLength)
            return false;
        UdpPacket udp = packet.Extract<UdpPacket>();
        if (udp.Length < UdpFields.HeaderLength || udp.Length > end - offset)
            return false;
        end = offset + udp.Length;
        offset += UdpFields.HeaderLength;
        fields.SourcePort = udp.SourcePort;
        fields.DestinationPort = udp.DestinationPort;
        if (udp.DestinationPort != 53)
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        // RFC 1035 §4.1.1, from the payload bytes PacketDotNet hands out.
        if (end - offset < 12)
            return false;
        byte[] dns = udp.PayloadData;
        fields.DnsId = BinaryPrimitives.ReadUInt16BigEndian(dns);
        fields.IsResponse = (dns[2] & 0x80) != 0;
        fields.Opcode = (byte)((dns[2] >> 3) & 0x0F);
        fields.RecursionDesired = (dns[2] & 0x01) != 0;
        fields.QuestionCount = BinaryPrimitives.ReadUInt16BigEndian(dns.AsSpan(4));
        fields.PayloadLength = end - offset - 12;
        return true;
    }

    private static ulong ReadIpv4(IPAddress address, Span<byte> scratch)
    {
        address.TryWriteBytes(scratch, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(scratch);
    }

    private static (ulong High, ulong Low) ReadIpv6(IPAddress address, Span<byte> scratch)
    {
        address.TryWriteBytes(scratch, out _);
        return (BinaryPrimitives.ReadUInt64BigEndian(scratch), BinaryPrimitives.ReadUInt64BigEndian(scratch[8..]));
    }
}
