using System.Buffers.Binary;
using System.Net;

namespace Fastpath;

/// <summary>An IPv4 address held as a number, first octet most significant (10.0.0.1 is 0x0A000001).</summary>
public readonly struct Ipv4Address(uint value) : IEquatable<Ipv4Address>, IComparable<Ipv4Address>
{
    /// <summary>Return the address as a number.</summary>
    public uint Value { get; } = value;

    /// <summary>Build an address from its four octets.</summary>
    public Ipv4Address(byte a, byte b, byte c, byte d) : this((uint)(a << 24 | b << 16 | c << 8 | d))
    {
    }

    /// <summary>Read an address from its 4 octets.</summary>
    public Ipv4Address(ReadOnlySpan<byte> octets) : this(BinaryPrimitives.ReadUInt32BigEndian(octets))
    {
    }

    /// <summary>Write the 4 octets.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>Parse dotted-quad text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        if (!IPAddress.TryParse(text, out IPAddress? ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            return false;
        Span<byte> b = stackalloc byte[4];
        ip.TryWriteBytes(b, out _);
        address = new Ipv4Address(b);
        return true;
    }

    /// <summary>Parse dotted-quad text or throw <see cref="FormatException"/>.</summary>
    public static Ipv4Address Parse(string text) =>
        TryParse(text, out Ipv4Address a) ? a : throw new FormatException($"'{text}' is not an IPv4 address");

    /// <inheritdoc/>
    public bool Equals(Ipv4Address other) => Value == other.Value;

    /// <inheritdoc/>
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ipv4Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <summary>Compare two addresses.</summary>
    public static bool operator ==(Ipv4Address left, Ipv4Address right) => left.Value == right.Value;

    /// <summary>Compare two addresses.</summary>
    public static bool operator !=(Ipv4Address left, Ipv4Address right) => left.Value != right.Value;

    /// <summary>Format as dotted quad.</summary>
    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
