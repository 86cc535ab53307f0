using System.Globalization;

namespace Fastpath.Tables;

/// <summary>An IPv6 prefix: an address and how many of its leading bits count (2001:db8::/32).</summary>
/// <remarks>A prefix may be built with host bits set, so that a table or a routes file can report them; tables refuse such prefixes.</remarks>
public readonly struct Ipv6Prefix : IEquatable<Ipv6Prefix>
{
    /// <summary>Build the prefix <paramref name="address"/>/<paramref name="length"/>; the length must be 0 to 128.</summary>
    public Ipv6Prefix(Ipv6Address address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 128);
        Address = address;
        Length = length;
    }

    /// <summary>Return the address as written.</summary>
    public Ipv6Address Address { get; }

    /// <summary>Return the prefix length in bits, 0 to 128.</summary>
    public int Length { get; }

    /// <summary>Return the address as one 128-bit number, first octet most significant.</summary>
    public UInt128 Bits => new(Address.High, Address.Low);

    /// <summary>Return the mask of the leading <see cref="Length"/> bits.</summary>
    public UInt128 Mask => MaskOf(Length);

    /// <summary>Return whether the address has bits set beyond the prefix length.</summary>
    public bool HasHostBits => (Bits & ~Mask) != 0;

    /// <summary>Return the prefix with its host bits cleared.</summary>
    public Ipv6Prefix Network
    {
        get
        {
            UInt128 network = Bits & Mask;
            return new(new Ipv6Address((ulong)(network >> 64), (ulong)network), Length);
        }
    }

    /// <summary>Return whether <paramref name="address"/> lies in the prefix.</summary>
    public bool Contains(Ipv6Address address) => ((new UInt128(address.High, address.Low) ^ Bits) & Mask) == 0;

    /// <summary>Return the mask of the leading <paramref name="length"/> bits of 128.</summary>
    public static UInt128 MaskOf(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);

    /// <summary>Parse <c>address/n</c>; a missing length, a bad address or a length outside 0–128 fails (host bits do not).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv6Prefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        // A zone ("%eth0") names a link, not a network: no prefix has one.
        if (slash < 0
            || text[..slash].Contains('%')
            || !Ipv6Address.TryParse(text[..slash], out Ipv6Address address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || length > 128)
            return false;
        prefix = new Ipv6Prefix(address, length);
        return true;
    }

    /// <summary>Parse <c>address/n</c> or throw <see cref="FormatException"/>.</summary>
    public static Ipv6Prefix Parse(string text) =>
        TryParse(text, out Ipv6Prefix p) ? p : throw new FormatException($"'{text}' is not an IPv6 prefix");

    /// <inheritdoc/>
    public bool Equals(Ipv6Prefix other) => Address == other.Address && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ipv6Prefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address.High, Address.Low, Length);

    /// <summary>Compare two prefixes.</summary>
    public static bool operator ==(Ipv6Prefix left, Ipv6Prefix right) => left.Equals(right);

    /// <summary>Compare two prefixes.</summary>
    public static bool operator !=(Ipv6Prefix left, Ipv6Prefix right) => !left.Equals(right);

    /// <summary>Format as <c>address/n</c> (RFC 5952 text).</summary>
    public override string ToString() => $"{Address}/{Length}";
}
