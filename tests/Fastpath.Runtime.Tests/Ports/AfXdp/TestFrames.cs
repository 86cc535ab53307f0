using System.Buffers.Binary;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Ethernet/IPv4/UDP frames between the two ends of the veth pair, numbered in their payload so order can be checked.</summary>
internal static class TestFrames
{
    /// <summary>The payload's first four bytes: marks frames of these tests among the namespaces' own chatter.</summary>
    public const uint Magic = 0xFA57_0A0F;

    /// <summary>Build frame <paramref name="sequence"/> from <paramref name="sourceMac"/>/<paramref name="source"/> to <paramref name="destinationMac"/>/<paramref name="destination"/> port <paramref name="port"/>, <paramref name="payloadLength"/> payload bytes (at least 8).</summary>
    public static byte[] Udp(int sequence, byte[] sourceMac, byte[] destinationMac, byte[] source, byte[] destination, ushort port, int payloadLength)
    {
        byte[] frame = new byte[14 + 20 + 8 + payloadLength];
        Span<byte> f = frame;
        destinationMac.CopyTo(f);
        sourceMac.CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x0800);
        Span<byte> ip = f[14..];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)sequence);
        ip[8] = 64;
        ip[9] = 17;
        source.CopyTo(ip[12..]);
        destination.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip[..20]));
        Span<byte> udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)(40000 + sequence % 1000));
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payloadLength));
        // Checksum 0: none, which IPv4 allows (RFC 768); nothing here checks it.
        Span<byte> payload = udp[8..];
        BinaryPrimitives.WriteUInt32BigEndian(payload, Magic);
        BinaryPrimitives.WriteInt32BigEndian(payload[4..], sequence);
        for (int i = 8; i < payload.Length; i++)
            payload[i] = (byte)(sequence * 7 + i);
        return frame;
    }

    /// <summary>A frame from the peer (B) to the port's side (A).</summary>
    public static byte[] ToPort(int sequence, ushort port, int payloadLength) =>
        Udp(sequence, VethPair.MacB, VethPair.MacA, VethPair.AddressB, VethPair.AddressA, port, payloadLength);

    /// <summary>A frame from the port's side (A) to the peer (B).</summary>
    public static byte[] ToPeer(int sequence, ushort port, int payloadLength) =>
        Udp(sequence, VethPair.MacA, VethPair.MacB, VethPair.AddressA, VethPair.AddressB, port, payloadLength);

    /// <summary>Return the sequence number of one of these frames, or -1 for any other frame.</summary>
    public static int SequenceOf(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14 + 20 + 8 + 8 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800 || frame[23] != 17)
            return -1;
        ReadOnlySpan<byte> payload = frame[(14 + 20 + 8)..];
        return BinaryPrimitives.ReadUInt32BigEndian(payload) == Magic ? BinaryPrimitives.ReadInt32BigEndian(payload[4..]) : -1;
    }
}
