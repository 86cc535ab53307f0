namespace Fastpath.Tests.Support;

/// <summary>A deliberately naive bit reader and writer, one bit at a time, most significant bit first: the reference the generated accessors are checked against.</summary>
internal static class BitReference
{
    public static ulong Read(ReadOnlySpan<byte> data, int bitOffset, int width)
    {
        ulong value = 0;
        for (int i = 0; i < width; i++)
        {
            int bit = bitOffset + i;
            value = (value << 1) | (uint)((data[bit / 8] >> (7 - bit % 8)) & 1);
        }
        return value;
    }

    public static void Write(Span<byte> data, int bitOffset, int width, ulong value)
    {
        for (int i = 0; i < width; i++)
        {
            int bit = bitOffset + i;
            int shift = 7 - bit % 8;
            byte mask = (byte)(1 << shift);
            bool set = ((value >> (width - 1 - i)) & 1) != 0;
            data[bit / 8] = (byte)(set ? data[bit / 8] | mask : data[bit / 8] & ~mask);
        }
    }

    public static ulong ReadLittleEndian(ReadOnlySpan<byte> data, int byteOffset, int bytes)
    {
        ulong value = 0;
        for (int i = bytes - 1; i >= 0; i--)
            value = (value << 8) | data[byteOffset + i];
        return value;
    }
}
