using System.Diagnostics.CodeAnalysis;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// A checked zone: its apex, SOA, and every record grouped by owner (ignoring case) and type into RRsets. Plain data: a
/// responder builds its own lookup structures from it.
/// </summary>
/// <remarks>
/// What the checks guarantee: exactly one SOA, at the apex; NS records at the apex; every owner at or below the apex; one
/// class throughout; a CNAME alone at its name (RRSIG and NSEC aside) and never two; never two DNAMEs at a name. Duplicate
/// records are dropped (RFC 2181 §5). Records of one RRset with different TTLs all take the lowest of them, as RFC 2181 §5.2
/// tells a receiver to treat such a set (Knot keeps the last one read, NSD keeps each); each such record gives a warning.
/// </remarks>
public sealed class Zone
{
    private readonly Dictionary<DnsName, ZoneNode> _nodes;

    internal Zone(DnsName origin, ResourceRecord soa, IReadOnlyList<ResourceRecord> records, Dictionary<DnsName, ZoneNode> nodes,
        string source, IReadOnlyList<string> files, IReadOnlyList<ZoneFileError> warnings)
    {
        Origin = origin;
        Soa = soa;
        SoaRdata = SoaRdata.From(soa);
        Records = records;
        _nodes = nodes;
        Source = source;
        Files = files;
        Warnings = warnings;
        var sorted = new List<ZoneNode>(nodes.Values);
        sorted.Sort((a, b) => a.Name.CompareTo(b.Name));
        NodesInCanonicalOrder = sorted;
    }

    /// <summary>Check <paramref name="records"/> (for instance from a zone transfer) as a zone rooted at <paramref name="origin"/>; false with the errors, which name <paramref name="source"/>, when the checks fail.</summary>
    public static bool TryCreate(DnsName origin, IEnumerable<ResourceRecord> records, string source, [NotNullWhen(true)] out Zone? zone, out IReadOnlyList<ZoneFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(source);
        var sink = new ZoneErrors(ZoneFileOptions.Default.MaxErrors);
        var located = records.Select((r, i) => new LocatedRecord(r, source, 0, 0, i)).ToList();
        zone = ZoneBuilder.Build(origin, located, source, [], sink, fromText: false);
        errors = sink.Errors;
        return zone is not null;
    }

    /// <summary>Return the apex: the zone's origin and the owner of its SOA.</summary>
    public DnsName Origin { get; }

    /// <summary>Return the zone's class (the SOA's).</summary>
    public RecordClass Class => Soa.Class;

    /// <summary>Return the SOA record.</summary>
    public ResourceRecord Soa { get; }

    /// <summary>Return the SOA's fields (serial, timers, negative-caching TTL).</summary>
    public SoaRdata SoaRdata { get; }

    /// <summary>Return the SOA serial.</summary>
    public uint Serial => SoaRdata.Serial;

    /// <summary>Return every record in file order (includes expanded in place), duplicates dropped, TTLs unified per RRset.</summary>
    public IReadOnlyList<ResourceRecord> Records { get; }

    /// <summary>Return the names that own records, keyed ignoring case; empty non-terminals own none and are not here.</summary>
    public IReadOnlyDictionary<DnsName, ZoneNode> Nodes => _nodes;

    /// <summary>Return the nodes in DNSSEC canonical order (RFC 4034 §6.1): the apex first, each name before the names below it.</summary>
    public IReadOnlyList<ZoneNode> NodesInCanonicalOrder { get; }

    /// <summary>Return where the zone came from: the path of its file as given, or the source named to <see cref="TryCreate"/>.</summary>
    public string Source { get; }

    /// <summary>Return the full paths of every file read: the zone file first, then its includes in the order read (empty when not read from files).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Return problems the zone loaded despite (differing TTLs in an RRset, duplicate records, TTLs above 2^31-1).</summary>
    public IReadOnlyList<ZoneFileError> Warnings { get; }

    /// <summary>Return the node at <paramref name="name"/> (ignoring case), if it owns records.</summary>
    public bool TryGetNode(DnsName name, [NotNullWhen(true)] out ZoneNode? node) => _nodes.TryGetValue(name, out node);

    /// <summary>Return the RRset of <paramref name="type"/> at <paramref name="name"/> (ignoring case), if there is one.</summary>
    public bool TryGetRRset(DnsName name, RecordType type, [NotNullWhen(true)] out RRset? rrset)
    {
        rrset = null;
        return _nodes.TryGetValue(name, out ZoneNode? node) && node.TryGetRRset(type, out rrset);
    }

    /// <summary>Return "origin serial N (M records)".</summary>
    public override string ToString() => $"{Origin} serial {Serial} ({Records.Count} records)";
}
