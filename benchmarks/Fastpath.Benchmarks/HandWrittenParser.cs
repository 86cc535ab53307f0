using System.Buffers.Binary;

namespace Fastpath.Benchmarks;

/// <summary>
/// The parse graph of <see cref="DnsQueryPacket"/> written by hand as well as we can without unsafe code:
/// one <see cref="ReadOnlySpan{T}"/> per header, sliced once its length is checked, and
/// <see cref="BinaryPrimitives"/> reads at constant offsets, which the JIT can prove in bounds.
/// </summary>
/// <remarks>It accepts and rejects exactly what the generated parser does, and reads the same fields.</remarks>
public static class HandWrittenParser
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeIpv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;
    private const byte ProtocolUdp = 17;
    private const ushort DnsPort = 53;

    /// <summary>Parse <paramref name="frame"/> and read its fields; return false when a header is truncated or a length or version is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out PacketFields fields)
    {
        fields = default;

        // Ethernet II: destination, source, EtherType.
        if (frame.Length < 14)
            return false;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(12, 2));
        fields.EtherType = etherType;
        int offset = 14;
        int end = frame.Length;

        // 802.1Q: the tag control information (PCP, DEI, VID) then the inner EtherType.
        if (etherType == EtherTypeVlan)
        {
            if (end - offset < 4)
                return false;
            ReadOnlySpan<byte> tag = frame.Slice(offset, 4);
            fields.VlanId = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(tag) & 0x0FFF);
            etherType = BinaryPrimitives.ReadUInt16BigEndian(tag.Slice(2, 2));
            offset += 4;
        }

        byte protocol;
        if (etherType == EtherTypeIpv4)
        {
            // RFC 791 §3.1: version 4, IHL counts 32-bit words and is at least 5,
            // TotalLength covers header and data and must fit the frame (the rest is link padding).
            if (end - offset < 20)
                return false;
            ReadOnlySpan<byte> ip = frame.Slice(offset, 20);
            if (ip[0] >> 4 != 4)
                return false;
            int headerLength = (ip[0] & 0x0F) * 4;
            if (headerLength < 20)
                return false;
            // headerLength <= totalLength <= the bytes left, so the options are in the frame too.
            int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip.Slice(2, 2));
            if (totalLength < headerLength || totalLength > end - offset)
                return false;
            end = offset + totalLength;
            protocol = ip[9];
            fields.Protocol = protocol;
            fields.SourceLow = BinaryPrimitives.ReadUInt32BigEndian(ip.Slice(12, 4));
            fields.DestinationLow = BinaryPrimitives.ReadUInt32BigEndian(ip.Slice(16, 4));
            offset += headerLength;
        }
        else if (etherType == EtherTypeIpv6)
        {
            // RFC 8200 §3: version 6; PayloadLength counts what follows the 40-byte header.
            if (end - offset < 40)
                return false;
            ReadOnlySpan<byte> ip = frame.Slice(offset, 40);
            if (ip[0] >> 4 != 6)
                return false;
            int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip.Slice(4, 2)) + 40;
            if (totalLength > end - offset)
                return false;
            end = offset + totalLength;
            protocol = ip[6];
            fields.Protocol = protocol;
            fields.SourceHigh = BinaryPrimitives.ReadUInt64BigEndian(ip.Slice(8, 8));
            fields.SourceLow = BinaryPrimitives.ReadUInt64BigEndian(ip.Slice(16, 8));
            fields.DestinationHigh = BinaryPrimitives.ReadUInt64BigEndian(ip.Slice(24, 8));
            fields.DestinationLow = BinaryPrimitives.ReadUInt64BigEndian(ip.Slice(32, 8));
            offset += 40;
        }
        else
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        if (protocol != ProtocolUdp)
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        // RFC 768: Length covers the UDP header and data and must fit inside the IP packet.
        if (end - offset < 8)
            return false;
        ReadOnlySpan<byte> udp = frame.Slice(offset, 8);
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp.Slice(4, 2));
        if (udpLength < 8 || udpLength > end - offset)
            return false;
        end = offset + udpLength;
        ushort destinationPort = BinaryPrimitives.ReadUInt16BigEndian(udp.Slice(2, 2));
        fields.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(udp);
        fields.DestinationPort = destinationPort;
        offset += 8;
        if (destinationPort != DnsPort)
        {
            fields.PayloadLength = end - offset;
            return true;
        }

        // RFC 1035 §4.1.1: ID, then QR, Opcode, AA, TC, RD in the third byte, then the four counts.
        if (end - offset < 12)
            return false;
        ReadOnlySpan<byte> dns = frame.Slice(offset, 12);
        fields.DnsId = BinaryPrimitives.ReadUInt16BigEndian(dns);
        byte flags = dns[2];
        fields.IsResponse = (flags & 0x80) != 0;
        fields.Opcode = (byte)((flags >> 3) & 0x0F);
        fields.RecursionDesired = (flags & 0x01) != 0;
        fields.QuestionCount = BinaryPrimitives.ReadUInt16BigEndian(dns.Slice(4, 2));
        fields.PayloadLength = end - offset - 12;
        return true;
    }
}
