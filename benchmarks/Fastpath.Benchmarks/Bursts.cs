using System.Buffers.Binary;

namespace Fastpath.Benchmarks;

/// <summary>Bursts of realistic, varied DNS query frames, the same for every run (fixed seed).</summary>
public static class Bursts
{
    // Names of several shapes and lengths (RFC 2606/6761 reserved names, a PTR name, service labels).
    private static readonly string[] s_names =
    [
        "www.example.com", "example.org", "mail.example.net", "_dmarc.example.com",
        "api.eu-west-1.service.example", "ns1.example.co.uk", "a.b.c.d.example.test",
        "cdn-77.static.example-cdn.net", "time.example.org", "login.example.io",
        "53.2.0.192.in-addr.arpa", "_sip._udp.example.com", "images.example.com",
        "xn--bcher-kva.example", "update.example.net", "mx",
    ];

    // A, AAAA, MX, TXT, HTTPS, NS, PTR, SRV: the mix a recursive resolver sees most.
    private static readonly ushort[] s_types = [1, 28, 1, 28, 15, 16, 65, 2, 12, 33];

    private static readonly ushort[] s_vlans = [10, 20, 100, 101, 300, 4001];

    /// <summary>Return <paramref name="count"/> frames of <paramref name="kind"/>, all different.</summary>
    public static byte[][] Build(FrameCase kind, int count, int seed = 7)
    {
        var random = new Random(seed);
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
            frames[i] = FrameBuilder.Build(Query(kind, i, random));
        return frames;
    }

    /// <summary>Return one query of <paramref name="kind"/>: the <paramref name="index"/>-th name, random ids, ports and hosts.</summary>
    public static DnsQuery Query(FrameCase kind, int index, Random random)
    {
        bool ipv6 = kind == FrameCase.VlanIpv6Dns;
        string name = s_names[index % s_names.Length];
        // Every other lap through the names, prefix a random label as cache-busting resolvers and load tools do.
        if (index / s_names.Length % 2 == 1)
            name = $"r{random.Next():x8}.{name}";
        // dig sends RD+AD (0x0120); stub resolvers RD (0x0100); an iterative resolver asks with RD clear; some set CD.
        ushort flags = (index % 4) switch { 0 => 0x0120, 1 => 0x0100, 2 => 0x0000, _ => 0x0110 };
        return new DnsQuery
        {
            DestinationMac = 0x02_00_5E_00_00_01UL + (ulong)(index % 3),
            SourceMac = 0x02_00_00_00_00_00UL | (ulong)random.NextInt64(0, 1L << 40),   // locally administered, unicast
            VlanId = ipv6 ? s_vlans[index % s_vlans.Length] : null,
            VlanPriority = (byte)(index % 5 == 0 ? 5 : 0),
            SourceAddress = ipv6 ? Ipv6Client(random) : Ipv4Client(random),
            DestinationAddress = ipv6 ? Ipv6Server(index) : Ipv4Server(index),
            IpIdOrFlowLabel = (uint)random.Next(0, ipv6 ? 1 << 20 : 1 << 16),
            Ttl = (byte)(index % 3 == 0 ? 128 : 64),
            DontFragment = index % 2 == 0,
            SourcePort = (ushort)random.Next(1024, 65536),
            Id = (ushort)random.Next(0, 65536),
            Flags = flags,
            QuestionName = name,
            QuestionType = s_types[index % s_types.Length],
            Edns = index % 3 != 2,
            Cookie = index % 3 == 0 ? RandomBytes(random, 8) : null,
        };
    }

    /// <summary>Return frames each parser must reject or accept with fewer headers: bad versions and lengths, truncation, padding, options, other ports.</summary>
    /// <remarks>Used only to check that the three parsers agree; never benchmarked.</remarks>
    public static byte[][] BuildEdgeCases(int seed = 11)
    {
        var random = new Random(seed);
        var frames = new List<byte[]>();
        byte[] V4() => FrameBuilder.Build(Query(FrameCase.Ipv4Dns, frames.Count, random));
        byte[] V6() => FrameBuilder.Build(Query(FrameCase.VlanIpv6Dns, frames.Count, random));
        const int ip4 = 14, ip6 = 18;

        byte[] f = V4(); f[ip4] = 0x55; frames.Add(f);                                         // IPv4 version 5
        f = V4(); f[ip4] = 0x44; frames.Add(f);                                                // IHL 4 < 5
        f = V4(); Add16(f, ip4 + 2, 100); frames.Add(f);                                       // total length past the frame
        f = V4(); Add16(f, ip4 + 2, -30); frames.Add(f);                                       // total length below IHL + UDP length
        f = V4(); Add16(f, ip4 + 20 + 4, 1); frames.Add(f);                                    // UDP length past the IP packet
        f = V4(); BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip4 + 20 + 4), 7); frames.Add(f); // UDP length below its header
        f = V4(); BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip4 + 20 + 4), 8 + 6);        // UDP says the DNS header is cut short
        frames.Add(f);
        f = V4(); BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip4 + 20 + 2), 5353); frames.Add(f); // mDNS: accepted, no DNS header
        f = V4(); f[ip4 + 9] = 6; frames.Add(f);                                               // TCP: accepted at IPv4
        f = V4(); frames.Add([.. f, .. new byte[9]]);                                          // trailing padding past TotalLength
        f = V6(); f[ip6] = 0x46; frames.Add(f);                                                // IPv6 version 4
        f = V6(); Add16(f, ip6 + 4, 1); frames.Add(f);                                         // payload length past the frame
        f = V6(); Add16(f, ip6 + 40 + 4, 1); frames.Add(f);                                    // UDP length past the IPv6 payload
        f = V6(); frames.Add([.. f, .. new byte[5]]);                                          // trailing bytes past PayloadLength
        f = V6(); BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 0x88B5); frames.Add(f);  // unknown EtherType inside the tag
        frames.Add(V4()[..13]);                                                                // shorter than Ethernet
        frames.Add(V4()[..30]);                                                                // IPv4 header cut short
        frames.Add(V6()[..50]);                                                                // IPv6 header cut short
        frames.Add(Ipv4WithOptions(random));                                                   // IHL 6: one word of options
        return [.. frames];
    }

    // An IPv4 query with a 4-byte option block (NOP, NOP, NOP, EOL), to exercise IHL > 5.
    private static byte[] Ipv4WithOptions(Random random)
    {
        byte[] plain = FrameBuilder.Build(Query(FrameCase.Ipv4Dns, 5, random));
        byte[] f = [.. plain[..34], 1, 1, 1, 0, .. plain[34..]];
        f[14] = 0x46;
        Add16(f, 16, 4);
        return f;
    }

    private static void Add16(byte[] frame, int offset, int delta) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(offset)) + delta));

    // Clients in the RFC 5737 documentation ranges.
    private static byte[] Ipv4Client(Random random) =>
        [(byte)(random.Next(2) == 0 ? 198 : 203), (byte)(random.Next(2) == 0 ? 51 : 0), (byte)random.Next(0, 256), (byte)random.Next(1, 255)];

    private static byte[] Ipv4Server(int index) => [192, 0, 2, (byte)(53 + index % 2)];

    // Clients and servers in 2001:db8::/32 (RFC 3849), interface ids random like SLAAC privacy addresses.
    private static byte[] Ipv6Client(Random random)
    {
        byte[] a = RandomBytes(random, 16);
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0D; a[3] = 0xB8;
        return a;
    }

    private static byte[] Ipv6Server(int index) =>
        [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(0x53 + index % 2)];

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
