using System.Buffers.Binary;
using System.Text;

namespace Fastpath.Benchmarks;

/// <summary>Builds Ethernet frames of DNS queries byte by byte, with valid IPv4 and UDP checksums; it shares no code with the generator.</summary>
public static class FrameBuilder
{
    // Ethernet frames shorter than this (without FCS) are padded on the wire (IEEE 802.3 §3.2.8).
    private const int MinimumFrame = 60;

    /// <summary>Build the frame for <paramref name="query"/>.</summary>
    public static byte[] Build(DnsQuery query)
    {
        bool ipv6 = query.SourceAddress.Length == 16;
        if (query.DestinationAddress.Length != query.SourceAddress.Length || query.SourceAddress.Length is not (4 or 16))
            throw new ArgumentException("Addresses must both be IPv4 or both IPv6.", nameof(query));

        byte[] dns = DnsMessage(query);
        int udpLength = 8 + dns.Length;
        int ipHeader = ipv6 ? 40 : 20;
        int link = query.VlanId is null ? 14 : 18;
        byte[] frame = new byte[Math.Max(MinimumFrame, link + ipHeader + udpLength)];
        Span<byte> f = frame;

        // Ethernet II.
        WriteMac(f, query.DestinationMac);
        WriteMac(f[6..], query.SourceMac);
        ushort etherType = ipv6 ? (ushort)0x86DD : (ushort)0x0800;
        if (query.VlanId is ushort vlanId)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(f[14..], (ushort)(query.VlanPriority << 13 | vlanId & 0x0FFF));
            BinaryPrimitives.WriteUInt16BigEndian(f[16..], etherType);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], etherType);
        }

        Span<byte> ip = f[link..];
        if (ipv6)
        {
            // RFC 8200 §3: version, traffic class 0, flow label, payload length, next header, hop limit.
            BinaryPrimitives.WriteUInt32BigEndian(ip, 6u << 28 | query.IpIdOrFlowLabel & 0xF_FFFF);
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)udpLength);
            ip[6] = 17;
            ip[7] = query.Ttl;
            query.SourceAddress.CopyTo(ip[8..]);
            query.DestinationAddress.CopyTo(ip[24..]);
        }
        else
        {
            // RFC 791 §3.1, without options.
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + udpLength));
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)query.IpIdOrFlowLabel);
            BinaryPrimitives.WriteUInt16BigEndian(ip[6..], query.DontFragment ? (ushort)0x4000 : (ushort)0);
            ip[8] = query.Ttl;
            ip[9] = 17;
            query.SourceAddress.CopyTo(ip[12..]);
            query.DestinationAddress.CopyTo(ip[16..]);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fastpath.InternetChecksum.Compute(ip[..20]));
        }

        // RFC 768, with the checksum over the pseudo-header (RFC 768; RFC 8200 §8.1 for IPv6, where it is mandatory).
        Span<byte> udp = ip[ipHeader..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, query.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], query.DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        dns.CopyTo(udp[8..]);
        ulong pseudo = Fastpath.InternetChecksum.Add(query.DestinationAddress, Fastpath.InternetChecksum.Add(query.SourceAddress)) + 17u + (uint)udpLength;
        ushort checksum = Fastpath.InternetChecksum.Compute(udp[..udpLength], pseudo);
        // An all-zero UDP checksum means "none"; a computed zero is sent as all ones.
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return frame;
    }

    /// <summary>Encode the DNS message: header, one question, and the OPT record when asked for (RFC 1035 §4.1).</summary>
    public static byte[] DnsMessage(DnsQuery query)
    {
        var message = new List<byte>(64);
        void U16(int value)
        {
            message.Add((byte)(value >> 8));
            message.Add((byte)value);
        }

        U16(query.Id);
        U16(query.Flags);
        U16(1);                              // QDCOUNT
        U16(0);                              // ANCOUNT
        U16(0);                              // NSCOUNT
        U16(query.Edns ? 1 : 0);             // ARCOUNT

        // QNAME as length-prefixed labels ending in the root label (RFC 1035 §3.1).
        foreach (string label in query.QuestionName.Split('.'))
        {
            byte[] bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63)
                throw new ArgumentException($"Bad label in '{query.QuestionName}'.", nameof(query));
            message.Add((byte)bytes.Length);
            message.AddRange(bytes);
        }
        message.Add(0);
        U16(query.QuestionType);
        U16(1);                              // QCLASS IN

        if (query.Edns)
        {
            // OPT pseudo-record (RFC 6891 §6.1.2): root name, type 41, class = UDP payload size, TTL = extended RCODE and flags.
            message.Add(0);
            U16(41);
            U16(1232);
            U16(0);
            U16(0);
            if (query.Cookie is { } cookie)
            {
                U16(4 + cookie.Length);
                U16(10);                     // COOKIE option (RFC 7873 §4)
                U16(cookie.Length);
                message.AddRange(cookie);
            }
            else
            {
                U16(0);
            }
        }
        return [.. message];
    }

    private static void WriteMac(Span<byte> destination, ulong mac)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(mac >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)mac);
    }
}
