namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Compares names ignoring case, and lets a <see cref="Dictionary{TKey, TValue}"/> keyed by names be searched with a
/// case-folded wire name (a span, such as a query name folded into a stack buffer) without allocating.
/// </summary>
/// <example>
/// <code>
/// var nodes = new Dictionary&lt;DnsName, ZoneNode&gt;(DnsNameComparer.Instance);
/// var byWire = nodes.GetAlternateLookup&lt;ReadOnlySpan&lt;byte&gt;&gt;();
/// DnsName.FoldCase(queryName, folded);
/// byWire.TryGetValue(folded, out ZoneNode? node);
/// </code>
/// </example>
public sealed class DnsNameComparer : IEqualityComparer<DnsName>, IAlternateEqualityComparer<ReadOnlySpan<byte>, DnsName>
{
    private DnsNameComparer()
    {
    }

    /// <summary>Return the one instance.</summary>
    public static DnsNameComparer Instance { get; } = new();

    /// <summary>Return whether two names are equal ignoring ASCII case.</summary>
    public bool Equals(DnsName? x, DnsName? y) => x is null ? y is null : x.Equals(y);

    /// <summary>Return the name's hash, the hash of its case-folded wire form.</summary>
    public int GetHashCode(DnsName obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.GetHashCode();
    }

    /// <summary>Return whether <paramref name="alternate"/>, a case-folded wire name, is <paramref name="other"/>.</summary>
    public bool Equals(ReadOnlySpan<byte> alternate, DnsName other) => other is not null && alternate.SequenceEqual(other.FoldedWire);

    /// <summary>Return the hash of a case-folded wire name, equal to the hash of the same <see cref="DnsName"/>.</summary>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => DnsName.GetFoldedHashCode(alternate);

    /// <summary>Return the name a case-folded wire span holds (for adding through the alternate lookup).</summary>
    public DnsName Create(ReadOnlySpan<byte> alternate) => DnsName.FromWire(alternate);
}
