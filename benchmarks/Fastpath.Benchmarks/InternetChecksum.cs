using System.Buffers.Binary;

namespace Fastpath.Benchmarks;

/// <summary>The 16-bit ones' complement sum of RFC 1071, for building frames with valid checksums.</summary>
public static class InternetChecksum
{
    /// <summary>Add <paramref name="data"/> as big-endian 16-bit words (an odd last byte is padded with zero).</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length)
            sum += (uint)data[i] << 8;
        return sum;
    }

    /// <summary>Fold the carries and return the complement.</summary>
    public static ushort Complete(uint sum)
    {
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
