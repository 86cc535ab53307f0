namespace Fastpath.Examples.Dns.Zones;

/// <summary>The records of one owner, class and type (RFC 2181 §5): one TTL for all, no duplicates, in file order.</summary>
public sealed class RRset
{
    /// <summary>Create an RRset from records that share owner (ignoring case), class, type and TTL.</summary>
    /// <exception cref="ArgumentException">The records are empty or do not share owner, class, type and TTL.</exception>
    public RRset(IReadOnlyList<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            throw new ArgumentException("an RRset holds at least one record", nameof(records));
        ResourceRecord first = records[0];
        foreach (ResourceRecord r in records)
        {
            if (!r.Owner.Equals(first.Owner) || r.Type != first.Type || r.Class != first.Class || r.Ttl != first.Ttl)
                throw new ArgumentException($"{r} does not belong in the RRset of {first}", nameof(records));
        }
        Records = [.. records];
    }

    /// <summary>Return the owner name, spelled as in the first record.</summary>
    public DnsName Owner => Records[0].Owner;

    /// <summary>Return the type.</summary>
    public RecordType Type => Records[0].Type;

    /// <summary>Return the class.</summary>
    public RecordClass Class => Records[0].Class;

    /// <summary>Return the TTL every record in the set has.</summary>
    public uint Ttl => Records[0].Ttl;

    /// <summary>Return the records, in file order.</summary>
    public IReadOnlyList<ResourceRecord> Records { get; }

    /// <summary>Return "owner type (n records)".</summary>
    public override string ToString() => $"{Owner} {Mnemonics.ToText(Type)} ({Records.Count} record{(Records.Count == 1 ? "" : "s")})";
}
