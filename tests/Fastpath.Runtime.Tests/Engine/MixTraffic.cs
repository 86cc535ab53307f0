using System.Buffers.Binary;

namespace Fastpath.Tests.Engine;

/// <summary>Test traffic for the engine: UDP frames mixed with ARP, frames that make the action throw, frames no rule decides and frames forwarded to a missing port; and the counts a run must end with.</summary>
internal static class MixTraffic
{
    /// <summary>The last byte that makes <see cref="MixProcessor"/> throw.</summary>
    public const byte Magic = 0xEE;

    /// <summary>An EtherType the processor leaves undecided (IEEE local experimental 1).</summary>
    public const ushort Undecided = 0x88B5;

    /// <summary>An EtherType the processor forwards to <see cref="MissingPort"/> (local experimental 2).</summary>
    public const ushort ToMissingPort = 0x88B6;

    /// <summary>A port no test worker has.</summary>
    public const ushort MissingPort = 7;

    public enum Kind { Udp, Arp, Fault, Undecided, Unknown }

    /// <summary>Return <paramref name="count"/> template frames; <paramref name="faults"/> false leaves out the ones that throw.</summary>
    public static List<byte[]> Frames(int count = 97, bool faults = true)
    {
        var random = new Random(7);
        var frames = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            Kind kind = KindOf(i, faults);
            frames.Add(kind switch
            {
                Kind.Arp => Arp(i),
                Kind.Fault => Udp(random, Magic),
                Kind.Undecided => Raw(random, Undecided),
                Kind.Unknown => Raw(random, ToMissingPort),
                _ => Udp(random, 0),
            });
        }
        return frames;
    }

    /// <summary>Return the kind of template <paramref name="i"/>.</summary>
    public static Kind KindOf(int i, bool faults = true) =>
        i % 13 == 4 ? Kind.Arp
        : faults && i % 19 == 7 ? Kind.Fault
        : i % 23 == 11 ? Kind.Undecided
        : i % 29 == 3 ? Kind.Unknown
        : Kind.Udp;

    /// <summary>Return the kind of a frame by its bytes, as the processor sees it.</summary>
    public static Kind Classify(ReadOnlySpan<byte> frame)
    {
        if (frame[^1] == Magic)
            return Kind.Fault;
        return BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) switch
        {
            0x0806 => Kind.Arp,
            Undecided => Kind.Undecided,
            ToMissingPort => Kind.Unknown,
            _ => Kind.Udp,
        };
    }

    /// <summary>What one worker must count after <paramref name="packets"/> packets of <paramref name="frames"/> in order, with every tenth UDP frame dropped.</summary>
    public static Expected Model(List<byte[]> frames, long packets)
    {
        var e = new Expected();
        long udp = 0;
        for (long k = 0; k < packets; k++)
        {
            byte[] frame = frames[(int)(k % frames.Count)];
            switch (Classify(frame))
            {
                case Kind.Arp:
                    e.SlowPath++;
                    e.ArpFrames.Add(frame);
                    break;
                case Kind.Fault:
                    e.Faults++;
                    break;
                case Kind.Undecided:
                    e.NoVerdict++;
                    break;
                case Kind.Unknown:
                    e.UnknownPort++;
                    break;
                default:
                    if (++udp % 10 == 0)
                        e.Dropped++;
                    else
                        e.Transmitted++;
                    break;
            }
        }
        return e;
    }

    /// <summary>Return <paramref name="frame"/> with its Ethernet addresses swapped, as the processor sends it.</summary>
    public static byte[] Swapped(byte[] frame)
    {
        byte[] copy = [.. frame];
        frame.AsSpan(0, 6).CopyTo(copy.AsSpan(6));
        frame.AsSpan(6, 6).CopyTo(copy.AsSpan(0));
        return copy;
    }

    private static byte[] Udp(Random random, byte last)
    {
        var payload = new byte[64];
        payload[^1] = last;
        return SyntheticFrames.UdpFrame(random, payload, vlan: false, ipv6: false, sourcePort: 40000, destinationPort: 9);
    }

    private static byte[] Raw(Random random, ushort etherType)
    {
        var frame = new byte[60];
        random.NextBytes(frame.AsSpan(0, 12));
        frame[0] &= 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        return frame;
    }

    // An ARP request (RFC 826) for 10.0.0.1 from 10.0.0.i, broadcast.
    private static byte[] Arp(int i)
    {
        var frame = new byte[42];
        Span<byte> f = frame;
        f[..6].Fill(0xFF);
        byte[] sender = [0x02, 0, 0, 0, 0, (byte)i];
        sender.CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x0806);
        BinaryPrimitives.WriteUInt16BigEndian(f[14..], 1);      // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(f[16..], 0x0800); // IPv4
        f[18] = 6;
        f[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(f[20..], 1);      // request
        sender.CopyTo(f[22..]);
        f[28] = 10; f[29] = 0; f[30] = 0; f[31] = (byte)i;
        f[38] = 10; f[39] = 0; f[40] = 0; f[41] = 1;
        return frame;
    }

    /// <summary>The counts a run must end with.</summary>
    internal sealed class Expected
    {
        public long Transmitted, Dropped, SlowPath, Faults, NoVerdict, UnknownPort;
        public List<byte[]> ArpFrames { get; } = [];
    }
}
