using System.Buffers.Binary;

namespace Fastpath.DpdkHost;

/// <summary>The test traffic: Ethernet frames of EtherType 0x88B5 (IEEE local experimental), numbered, of varied lengths, with bytes that depend on the number, so a lost, reordered or damaged frame shows.</summary>
internal static class Frames
{
    /// <summary>The EtherType of test frames; anything else on the wire (the kernel's IPv6 chatter) is counted apart.</summary>
    public const ushort EtherType = 0x88B5;

    /// <summary>The sequence number of a probe, which asks whether the peer is up and is not counted.</summary>
    public const uint Probe = uint.MaxValue;

    /// <summary>The A end of scripts/veth.sh.</summary>
    public static readonly byte[] MacA = [0x02, 0x99, 0x00, 0x00, 0x00, 0x0a];

    /// <summary>The B end of scripts/veth.sh.</summary>
    public static readonly byte[] MacB = [0x02, 0x99, 0x00, 0x00, 0x00, 0x0b];

    /// <summary>Return frame <paramref name="sequence"/> from <paramref name="source"/> to <paramref name="destination"/>: 60 to 1514 bytes.</summary>
    public static byte[] Create(uint sequence, byte[] source, byte[] destination)
    {
        int length = sequence == Probe ? 60 : 60 + (int)(sequence * 37 % 1455);
        var frame = new byte[length];
        destination.CopyTo(frame, 0);
        source.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherType);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(14), sequence);
        for (int i = 18; i < length; i++)
            frame[i] = (byte)(sequence * 31 + i);
        return frame;
    }

    /// <summary>Return whether <paramref name="frame"/> is a test frame, and its number.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out uint sequence)
    {
        sequence = 0;
        if (frame.Length < 18 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherType)
            return false;
        sequence = BinaryPrimitives.ReadUInt32BigEndian(frame[14..]);
        return true;
    }
}
