using System.Buffers.Binary;
using System.Net;

namespace Fastpath;

/// <summary>An IPv6 address held as two 64-bit numbers, first octet most significant.</summary>
public readonly struct Ipv6Address(ulong high, ulong low) : IEquatable<Ipv6Address>
{
    /// <summary>Return octets 0–7 as a number.</summary>
    public ulong High { get; } = high;

    /// <summary>Return octets 8–15 as a number.</summary>
    public ulong Low { get; } = low;

    /// <summary>Read an address from its 16 octets.</summary>
    public Ipv6Address(ReadOnlySpan<byte> octets)
        : this(BinaryPrimitives.ReadUInt64BigEndian(octets), BinaryPrimitives.ReadUInt64BigEndian(octets[8..16]))
    {
    }

    /// <summary>Write the 16 octets.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..16], Low);
    }

    /// <summary>Parse RFC 5952 text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv6Address address)
    {
        address = default;
        if (!IPAddress.TryParse(text, out IPAddress? ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return false;
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(b, out _);
        address = new Ipv6Address(b);
        return true;
    }

    /// <summary>Parse text or throw <see cref="FormatException"/>.</summary>
    public static Ipv6Address Parse(string text) =>
        TryParse(text, out Ipv6Address a) ? a : throw new FormatException($"'{text}' is not an IPv6 address");

    /// <inheritdoc/>
    public bool Equals(Ipv6Address other) => High == other.High && Low == other.Low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ipv6Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(High, Low);

    /// <summary>Compare two addresses.</summary>
    public static bool operator ==(Ipv6Address left, Ipv6Address right) => left.Equals(right);

    /// <summary>Compare two addresses.</summary>
    public static bool operator !=(Ipv6Address left, Ipv6Address right) => !left.Equals(right);

    /// <summary>Format as RFC 5952 text.</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[16];
        WriteTo(b);
        return new IPAddress(b).ToString();
    }
}
