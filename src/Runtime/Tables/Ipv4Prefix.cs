using System.Globalization;

namespace Fastpath.Tables;

/// <summary>An IPv4 prefix: an address and how many of its leading bits count (10.1.0.0/16).</summary>
/// <remarks>A prefix may be built with host bits set, so that a table or a routes file can report them; tables refuse such prefixes.</remarks>
public readonly struct Ipv4Prefix : IEquatable<Ipv4Prefix>
{
    /// <summary>Build the prefix <paramref name="address"/>/<paramref name="length"/>; the length must be 0 to 32.</summary>
    public Ipv4Prefix(Ipv4Address address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32);
        Address = address;
        Length = length;
    }

    /// <summary>Return the address as written.</summary>
    public Ipv4Address Address { get; }

    /// <summary>Return the prefix length in bits, 0 to 32.</summary>
    public int Length { get; }

    /// <summary>Return the mask of the leading <see cref="Length"/> bits (255.255.0.0 for /16).</summary>
    public uint Mask => MaskOf(Length);

    /// <summary>Return whether the address has bits set beyond the prefix length.</summary>
    public bool HasHostBits => (Address.Value & ~Mask) != 0;

    /// <summary>Return the prefix with its host bits cleared.</summary>
    public Ipv4Prefix Network => new(new Ipv4Address(Address.Value & Mask), Length);

    /// <summary>Return whether <paramref name="address"/> lies in the prefix.</summary>
    public bool Contains(Ipv4Address address) => ((address.Value ^ Address.Value) & Mask) == 0;

    /// <summary>Return the mask of the leading <paramref name="length"/> bits of 32.</summary>
    public static uint MaskOf(int length) => length == 0 ? 0 : uint.MaxValue << (32 - length);

    /// <summary>Parse <c>a.b.c.d/n</c>; a missing length, a bad address or a length outside 0–32 fails (host bits do not).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Prefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        if (slash < 0
            || !TryParseDottedQuad(text[..slash], out Ipv4Address address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || length > 32)
            return false;
        prefix = new Ipv4Prefix(address, length);
        return true;
    }

    /// <summary>Parse exactly four decimal octets: unlike <see cref="System.Net.IPAddress"/>, refuse the shorthands ("10.1" is 10.0.0.1 there) that make a route mean something else.</summary>
    public static bool TryParseDottedQuad(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        for (int part = 0; part < 4; part++)
        {
            int end = part < 3 ? text.IndexOf('.') : text.Length;
            if (end is < 1 or > 3
                || !byte.TryParse(text[..end], NumberStyles.None, CultureInfo.InvariantCulture, out byte octet))
                return false;
            value = (value << 8) | octet;
            text = part < 3 ? text[(end + 1)..] : [];
        }
        address = new Ipv4Address(value);
        return true;
    }

    /// <summary>Parse <c>a.b.c.d/n</c> or throw <see cref="FormatException"/>.</summary>
    public static Ipv4Prefix Parse(string text) =>
        TryParse(text, out Ipv4Prefix p) ? p : throw new FormatException($"'{text}' is not an IPv4 prefix");

    /// <inheritdoc/>
    public bool Equals(Ipv4Prefix other) => Address == other.Address && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ipv4Prefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address.Value, Length);

    /// <summary>Compare two prefixes.</summary>
    public static bool operator ==(Ipv4Prefix left, Ipv4Prefix right) => left.Equals(right);

    /// <summary>Compare two prefixes.</summary>
    public static bool operator !=(Ipv4Prefix left, Ipv4Prefix right) => !left.Equals(right);

    /// <summary>Format as <c>a.b.c.d/n</c>.</summary>
    public override string ToString() => $"{Address}/{Length}";
}
