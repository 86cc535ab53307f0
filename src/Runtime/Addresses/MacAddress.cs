using System.Buffers.Binary;
using System.Globalization;

namespace Fastpath;

/// <summary>A 48-bit Ethernet MAC address held as a number, first octet most significant.</summary>
public readonly struct MacAddress(ulong value) : IEquatable<MacAddress>
{
    /// <summary>The broadcast address ff:ff:ff:ff:ff:ff.</summary>
    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFF);

    /// <summary>Return the address as a 48-bit number.</summary>
    public ulong Value { get; } = value & 0xFFFF_FFFF_FFFF;

    /// <summary>Read an address from its 6 octets.</summary>
    public MacAddress(ReadOnlySpan<byte> octets)
        : this(((ulong)BinaryPrimitives.ReadUInt32BigEndian(octets) << 16) | BinaryPrimitives.ReadUInt16BigEndian(octets[4..6]))
    {
    }

    /// <summary>Return whether the group bit (I/G) is set.</summary>
    public bool IsMulticast => (Value & 0x0100_0000_0000) != 0;

    /// <summary>Write the 6 octets.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(Value >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..6], (ushort)Value);
    }

    /// <summary>Parse six hex pairs separated by colons or dashes (<c>02:00:00:00:00:01</c>).</summary>
    /// <exception cref="FormatException">The text is not a MAC address.</exception>
    public static MacAddress Parse(string text) =>
        TryParse(text, out MacAddress address) ? address : throw new FormatException($"'{text}' is not a MAC address (expected six hex pairs, like 02:00:00:00:00:01)");

    /// <summary>Parse <c>aa:bb:cc:dd:ee:ff</c> (or with dashes).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        if (text.Length != 17)
            return false;
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0 && text[i * 3 - 1] is not (':' or '-'))
                return false;
            if (!byte.TryParse(text.Slice(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte octet))
                return false;
            value = (value << 8) | octet;
        }
        address = new MacAddress(value);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(MacAddress other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MacAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Compare two addresses.</summary>
    public static bool operator ==(MacAddress left, MacAddress right) => left.Value == right.Value;

    /// <summary>Compare two addresses.</summary>
    public static bool operator !=(MacAddress left, MacAddress right) => left.Value != right.Value;

    /// <summary>Format as <c>aa:bb:cc:dd:ee:ff</c>.</summary>
    public override string ToString()
    {
        Span<byte> o = stackalloc byte[6];
        WriteTo(o);
        return string.Create(CultureInfo.InvariantCulture, $"{o[0]:x2}:{o[1]:x2}:{o[2]:x2}:{o[3]:x2}:{o[4]:x2}:{o[5]:x2}");
    }
}
