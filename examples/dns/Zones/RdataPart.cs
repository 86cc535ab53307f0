namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// One piece of a record's RDATA: raw bytes, or a domain name with a flag saying whether a response may compress it.
/// </summary>
/// <remarks>
/// Names are kept apart so a responder can compress the ones RFC 3597 §4 allows (the RFC 1035 types: NS, CNAME, SOA, MX,
/// PTR, ...) and find the targets that need additional-section addresses (NS, MX, SRV). Every other name (SRV per RFC 2782,
/// DNAME per RFC 6672, RP, ...) is written uncompressed.
/// </remarks>
public readonly struct RdataPart : IEquatable<RdataPart>
{
    private readonly byte[]? _bytes;

    private RdataPart(byte[]? bytes, DnsName? name, bool compressible)
    {
        _bytes = bytes;
        Name = name;
        Compressible = compressible;
    }

    /// <summary>Return a part of raw bytes (copied).</summary>
    public static RdataPart FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null, false);

    /// <summary>Return a part holding <paramref name="name"/>, which a response may compress when <paramref name="compressible"/> is true.</summary>
    public static RdataPart FromName(DnsName name, bool compressible)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(null, name, compressible);
    }

    /// <summary>Return the domain name this part holds, or null for raw bytes.</summary>
    public DnsName? Name { get; }

    /// <summary>Return whether this part is a domain name.</summary>
    public bool IsName => Name is not null;

    /// <summary>Return whether a response may write this name as a compression pointer (RFC 3597 §4); false for raw bytes.</summary>
    public bool Compressible { get; }

    /// <summary>Return the part's uncompressed wire bytes: the raw bytes, or the name in wire format with its case as written.</summary>
    public ReadOnlySpan<byte> Bytes => Name is not null ? Name.Wire : _bytes;

    /// <summary>Return the length of <see cref="Bytes"/>.</summary>
    public int Length => Name?.Length ?? _bytes?.Length ?? 0;

    /// <summary>Return whether <paramref name="other"/> is the same part: equal bytes, or the same name ignoring case with the same compression flag.</summary>
    public bool Equals(RdataPart other)
        => Name is not null
            ? Name.Equals(other.Name) && Compressible == other.Compressible
            : other.Name is null && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RdataPart other && Equals(other);

    /// <summary>Return a hash consistent with <see cref="Equals(RdataPart)"/>.</summary>
    public override int GetHashCode()
    {
        if (Name is not null)
            return HashCode.Combine(Name, Compressible);
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>Return the name in presentation format, or the bytes in hex.</summary>
    public override string ToString() => Name is not null ? Name.ToString() : Convert.ToHexString(Bytes);
}
