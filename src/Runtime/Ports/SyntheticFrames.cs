using System.Buffers.Binary;
using System.Text;

namespace Fastpath;

/// <summary>Builds realistic test traffic byte by byte (not through the generated views, so tests can check one against the other).</summary>
public static class SyntheticFrames
{
    /// <summary>The kinds a <c>memory:synthetic=</c> port accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["dns", "dns6", "udp"];

    /// <summary>Return <paramref name="count"/> frames of <paramref name="kind"/> (<c>dns</c>: Ethernet/IPv4/UDP/DNS queries; <c>dns6</c>: with an 802.1Q tag over IPv6; <c>udp</c>: 64-byte UDP payloads).</summary>
    public static List<byte[]> Create(string kind, int count, int seed = 1)
    {
        var random = new Random(seed);
        var frames = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            frames.Add(kind switch
            {
                "dns" => DnsQuery(random, vlan: false, ipv6: false),
                "dns6" => DnsQuery(random, vlan: true, ipv6: true),
                "udp" => UdpFrame(random, new byte[64], vlan: false, ipv6: false, sourcePort: (ushort)random.Next(1024, 65536), destinationPort: 9),
                _ => throw new ArgumentException($"unknown synthetic traffic '{kind}'; known kinds are {string.Join(", ", Kinds)}", nameof(kind)),
            });
        }
        return frames;
    }

    /// <summary>Return a DNS query for a random name under example.com, type A or AAAA, with RD set.</summary>
    public static byte[] DnsQuery(Random random, bool vlan, bool ipv6)
    {
        string name = $"host{random.Next(100000)}.{(random.Next(2) == 0 ? "example.com" : "zone.example.org")}";
        var dns = new List<byte>();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)random.Next(65536));
        header[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        dns.AddRange(header.ToArray());
        foreach (string label in name.Split('.'))
        {
            dns.Add((byte)label.Length);
            dns.AddRange(Encoding.ASCII.GetBytes(label));
        }
        dns.Add(0);
        dns.AddRange(new byte[] { 0, (byte)(random.Next(2) == 0 ? 1 : 28), 0, 1 });
        return UdpFrame(random, dns.ToArray(), vlan, ipv6, (ushort)random.Next(1024, 65536), 53);
    }

    /// <summary>Return an Ethernet frame carrying <paramref name="payload"/> in UDP over IPv4 or IPv6, optionally tagged, with correct checksums.</summary>
    public static byte[] UdpFrame(Random random, byte[] payload, bool vlan, bool ipv6, ushort sourcePort, ushort destinationPort)
    {
        int l2 = vlan ? 18 : 14;
        int l3 = ipv6 ? 40 : 20;
        var frame = new byte[l2 + l3 + 8 + payload.Length];
        Span<byte> f = frame;
        random.NextBytes(f[..12]);
        f[0] &= 0xFE; // unicast destination
        f[6] &= 0xFE;
        ushort ipType = ipv6 ? (ushort)0x86DD : (ushort)0x0800;
        if (vlan)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(f[14..], (ushort)random.Next(1, 4095));
            BinaryPrimitives.WriteUInt16BigEndian(f[16..], ipType);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], ipType);
        }

        Span<byte> ip = f[l2..];
        Span<byte> udp = ip[l3..];
        int udpLength = 8 + payload.Length;
        ulong pseudo;
        if (ipv6)
        {
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)udpLength);
            ip[6] = 17;
            ip[7] = 64;
            ip[8] = 0x20; ip[9] = 0x01; ip[10] = 0x0d; ip[11] = 0xb8;
            random.NextBytes(ip[12..24]);
            ip[24] = 0x20; ip[25] = 0x01; ip[26] = 0x0d; ip[27] = 0xb8;
            random.NextBytes(ip[28..40]);
            pseudo = InternetChecksum.PseudoHeader(new Ipv6Address(ip[8..24]), new Ipv6Address(ip[24..40]), 17, udpLength);
        }
        else
        {
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + udpLength));
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)random.Next(65536));
            ip[6] = 0x40; // DF
            ip[8] = 64;
            ip[9] = 17;
            ip[12] = 10;
            random.NextBytes(ip[13..16]);
            ip[16] = 192; ip[17] = 0; ip[18] = 2; ip[19] = (byte)random.Next(1, 255);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip[..20]));
            pseudo = InternetChecksum.PseudoHeader(new Ipv4Address(ip[12..16]), new Ipv4Address(ip[16..20]), 17, udpLength);
        }
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        payload.CopyTo(udp[8..]);
        ushort sum = InternetChecksum.Compute(udp[..udpLength], pseudo);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], sum == 0 ? (ushort)0xFFFF : sum);
        return frame;
    }
}
