namespace Fastpath;

/// <summary>Declares a header field of 1–64 bits (128 for <see cref="Ipv6Address"/>), in network byte order unless <see cref="LittleEndian"/>.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class BitsAttribute(int width) : Attribute
{
    /// <summary>The width of the field in bits.</summary>
    public int Width { get; } = width;

    /// <summary>The bit offset from the start of the header (bit 0 is the most significant bit of byte 0); -1 means right after the previous field.</summary>
    public int Offset { get; set; } = -1;

    /// <summary>Read and write the field least significant byte first (whole bytes at a byte boundary only).</summary>
    public bool LittleEndian { get; set; }
}
