using System.Globalization;
using System.Text;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// One resource record: owner, type, class, TTL, and the RDATA as a list of parts (raw bytes, or names a response may or
/// may not compress). Immutable.
/// </summary>
public sealed class ResourceRecord
{
    /// <summary>The most RDATA bytes a record carries (RDLENGTH is 16 bits).</summary>
    public const int MaxRdataLength = ushort.MaxValue;

    private readonly RdataPart[] _rdata;

    /// <summary>Create a record from its parts, which are copied.</summary>
    /// <exception cref="ArgumentException">The RDATA is longer than 65535 bytes.</exception>
    public ResourceRecord(DnsName owner, RecordType type, RecordClass recordClass, uint ttl, IEnumerable<RdataPart> rdata)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(rdata);
        Owner = owner;
        Type = type;
        Class = recordClass;
        Ttl = ttl;
        _rdata = [.. rdata];
        int length = 0;
        foreach (RdataPart part in _rdata)
            length += part.Length;
        if (length > MaxRdataLength)
            throw new ArgumentException($"the RDATA of {owner} {Mnemonics.ToText(type)} is {length} bytes; the limit is {MaxRdataLength}", nameof(rdata));
        RdataLength = length;
    }

    /// <summary>Create a record from uncompressed wire RDATA, finding the names in it by <paramref name="type"/>'s layout (as an RFC 3597 <c>\#</c> RDATA or a zone transfer gives them).</summary>
    /// <exception cref="FormatException">The bytes do not fit the type (a bad name, a wrong length, malformed strings).</exception>
    public static ResourceRecord FromWire(DnsName owner, RecordType type, RecordClass recordClass, uint ttl, ReadOnlySpan<byte> rdata)
    {
        if (rdata.Length > MaxRdataLength)
            throw new FormatException($"the RDATA is {rdata.Length} bytes; the limit is {MaxRdataLength}");
        if (!RdataLayout.TrySplit(type, rdata, out List<RdataPart> parts, out string error))
            throw new FormatException(error);
        return new ResourceRecord(owner, type, recordClass, ttl, parts);
    }

    /// <summary>Return the owner name, with its case as written.</summary>
    public DnsName Owner { get; }

    /// <summary>Return the record type.</summary>
    public RecordType Type { get; }

    /// <summary>Return the record class.</summary>
    public RecordClass Class { get; }

    /// <summary>Return the time to live in seconds.</summary>
    public uint Ttl { get; }

    /// <summary>Return the RDATA parts in wire order.</summary>
    public IReadOnlyList<RdataPart> Rdata => _rdata;

    /// <summary>Return the length of the uncompressed wire RDATA.</summary>
    public int RdataLength { get; }

    /// <summary>Write the uncompressed wire RDATA (names with their case as written) to <paramref name="destination"/> and return its length.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="RdataLength"/>.</exception>
    public int WriteRdata(Span<byte> destination)
    {
        if (destination.Length < RdataLength)
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the RDATA needs {RdataLength}", nameof(destination));
        int offset = 0;
        foreach (RdataPart part in _rdata)
        {
            part.Bytes.CopyTo(destination[offset..]);
            offset += part.Length;
        }
        return offset;
    }

    /// <summary>Return the uncompressed wire RDATA as a new array.</summary>
    public byte[] GetRdata()
    {
        var bytes = new byte[RdataLength];
        WriteRdata(bytes);
        return bytes;
    }

    /// <summary>Return a copy of this record with <paramref name="ttl"/>.</summary>
    public ResourceRecord WithTtl(uint ttl) => ttl == Ttl ? this : new ResourceRecord(Owner, Type, Class, ttl, _rdata);

    /// <summary>Return whether <paramref name="other"/> has the same RDATA, names compared ignoring case (RFC 2181 §5: such records are duplicates in one RRset).</summary>
    public bool RdataEquals(ResourceRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _rdata.AsSpan().SequenceEqual(other._rdata);
    }

    /// <summary>Return the RDATA in presentation format (RFC 3597 generic form for what has no text form here).</summary>
    public string RdataToString() => RdataFormatter.Format(Type, GetRdata());

    /// <summary>Return the record as one master-file line: owner, TTL, class, type and RDATA.</summary>
    public override string ToString()
        => new StringBuilder()
            .Append(Owner.ToString()).Append(' ')
            .Append(Ttl.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Mnemonics.ToText(Class)).Append(' ')
            .Append(Mnemonics.ToText(Type)).Append(' ')
            .Append(RdataToString())
            .ToString();
}
