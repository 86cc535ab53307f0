namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Turns the records read from a zone file into a <see cref="Zone"/>: finds the apex, groups RRsets, drops duplicates,
/// unifies TTLs, and runs the zone checks, reporting each failure at the record that causes it.
/// </summary>
internal static class ZoneBuilder
{
    /// <summary>Return the zone, or null after reporting to <paramref name="errors"/> when a check fails; <paramref name="origin"/> null takes the first SOA's owner as the apex; <paramref name="fromText"/> says whether the records were read from master-file text.</summary>
    public static Zone? Build(DnsName? origin, IReadOnlyList<LocatedRecord> records, string source, IReadOnlyList<string> files, ZoneErrors errors, bool fromText)
    {
        // Problems of the whole zone (no SOA) point at the start of the file, or at no line when the records came from no text.
        int line = fromText ? 1 : 0;
        // A missing SOA or NS after earlier errors is most likely the broken record itself: do not report it twice.
        bool earlierErrors = errors.Any;
        LocatedRecord? firstSoa = null;
        foreach (LocatedRecord r in records)
        {
            if (r.Record.Type == RecordType.SOA)
            {
                firstSoa = r;
                break;
            }
        }
        DnsName? apex = origin ?? firstSoa?.Record.Owner;
        if (apex is null)
        {
            if (earlierErrors)
                return null;
            errors.Add(source, line, line, "expected an SOA record: without an origin given, the SOA's owner is the zone's apex, and there is none");
            return null;
        }
        RecordClass zoneClass = (firstSoa is { } s && s.Record.Owner.Equals(apex) ? s.Record.Class : records.Count > 0 ? records[0].Record.Class : RecordClass.IN);

        LocatedRecord? soa = null;
        var nodes = new Dictionary<DnsName, Dictionary<RecordType, List<LocatedRecord>>>();
        var nodeOrder = new List<DnsName>();
        var typeOrder = new Dictionary<DnsName, List<RecordType>>();
        int kept = 0;
        var seen = new Dictionary<ResourceRecord, LocatedRecord>(SameRecord.Instance);
        foreach (LocatedRecord located in records)
        {
            ResourceRecord r = located.Record;
            if (!r.Owner.IsAtOrBelow(apex))
            {
                Error(errors, located, $"expected a name at or below the origin {apex}, found {r.Owner}: it is outside the zone");
                continue;
            }
            if (r.Class != zoneClass)
            {
                Error(errors, located, $"expected class {Mnemonics.ToText(zoneClass)}, the zone's (its SOA's), found {Mnemonics.ToText(r.Class)}");
                continue;
            }
            if (r.Type == RecordType.SOA)
            {
                if (!r.Owner.Equals(apex))
                {
                    Error(errors, located, $"expected the SOA record at the zone apex {apex}, found it at {r.Owner}");
                    continue;
                }
                if (soa is { } first)
                {
                    Error(errors, located, $"a second SOA record at the apex; a zone has exactly one (the first is at {first.Where})");
                    continue;
                }
                soa = located;
            }
            if (!nodes.TryGetValue(r.Owner, out var types))
            {
                nodes[r.Owner] = types = [];
                nodeOrder.Add(r.Owner);
                typeOrder[r.Owner] = [];
            }
            if (!types.TryGetValue(r.Type, out var set))
            {
                types[r.Type] = set = [];
                typeOrder[r.Owner].Add(r.Type);
            }
            // Hashed, so a big RRset stays linear.
            if (!seen.TryAdd(r, located))
            {
                LocatedRecord original = seen[r];
                errors.Warn(located.File, located.Line, located.Column, $"a duplicate of the record at {original.Where}; dropped (RFC 2181 §5)");
                continue;
            }
            if (r.Ttl > int.MaxValue)
                errors.Warn(located.File, located.Line, located.Column, $"TTL {r.Ttl} is above 2147483647, which RFC 2181 §8 tells resolvers to read as 0");
            set.Add(located);
            kept++;
        }
        if (soa is null && !earlierErrors)
            errors.Add(source, line, line, $"expected an SOA record at the zone apex {apex}, found none");

        foreach (DnsName name in nodeOrder)
            CheckNode(nodes[name], errors);
        if (soa is { } apexSoa && !earlierErrors && !(nodes.TryGetValue(apex, out var apexTypes) && apexTypes.ContainsKey(RecordType.NS)))
            Error(errors, apexSoa, $"expected NS records at the apex {apex}, found none: a zone names its name servers there (RFC 1034 §4.2.1)");
        if (errors.Any || soa is null)
            return null;

        // RFC 2181 §5.2: one TTL per RRset; take the lowest, as a receiver of a mixed set is told to.
        var unifiedByOrder = new ResourceRecord?[records.Count];
        var zoneNodes = new Dictionary<DnsName, ZoneNode>(nodeOrder.Count, DnsNameComparer.Instance);
        foreach (DnsName name in nodeOrder)
        {
            Dictionary<RecordType, List<LocatedRecord>> types = nodes[name];
            var rrsets = new List<RRset>(types.Count);
            foreach (RecordType type in typeOrder[name])
            {
                List<LocatedRecord> set = types[type];
                uint lowest = uint.MaxValue;
                foreach (LocatedRecord x in set)
                    lowest = Math.Min(lowest, x.Record.Ttl);
                var members = new ResourceRecord[set.Count];
                for (int i = 0; i < set.Count; i++)
                {
                    LocatedRecord x = set[i];
                    if (x.Record.Ttl != lowest)
                        errors.Warn(x.File, x.Line, x.Column, $"TTL {x.Record.Ttl} differs from others in the {name} {Mnemonics.ToText(type)} RRset; the set uses the lowest, {lowest} (RFC 2181 §5.2)");
                    members[i] = unifiedByOrder[x.Order] = x.Record.WithTtl(lowest);
                }
                rrsets.Add(new RRset(members));
            }
            zoneNodes[name] = new ZoneNode(name, rrsets);
        }
        var unified = new List<ResourceRecord>(kept);
        foreach (ResourceRecord? r in unifiedByOrder)
        {
            if (r is not null)
                unified.Add(r);
        }
        ResourceRecord soaRecord = zoneNodes[apex].RRsets.First(x => x.Type == RecordType.SOA).Records[0];
        return new Zone(apex, soaRecord, unified, zoneNodes, source, files, [.. errors.Warnings]);
    }

    // RFC 1034 §3.6.2 and RFC 2181 §10.1: a CNAME is the only data at its name (DNSSEC's RRSIG and NSEC aside, RFC 4035 §2.5);
    // RFC 6672 §2.4: at most one DNAME at a name.
    private static void CheckNode(Dictionary<RecordType, List<LocatedRecord>> types, ZoneErrors errors)
    {
        foreach (RecordType single in (ReadOnlySpan<RecordType>)[RecordType.CNAME, RecordType.DNAME])
        {
            if (types.TryGetValue(single, out var set) && set.Count > 1)
                Error(errors, set[1], $"a second {Mnemonics.ToText(single)} at {set[1].Record.Owner} (the first is at {set[0].Where}); a name has at most one");
        }
        if (!types.TryGetValue(RecordType.CNAME, out var cnames))
            return;
        LocatedRecord cname = cnames[0];
        var before = new List<LocatedRecord>();
        foreach ((RecordType type, List<LocatedRecord> set) in types)
        {
            if (type is RecordType.CNAME or RecordType.RRSIG or RecordType.NSEC)
                continue;
            // Each record added after the CNAME is its own mistake; data before it makes the CNAME the mistake, once.
            foreach (LocatedRecord other in set)
            {
                if (other.Order > cname.Order)
                    Error(errors, other, $"expected nothing but the CNAME at {cname.Record.Owner} (at {cname.Where}), found a {Mnemonics.ToText(type)} record: a CNAME is the only data at its name (RFC 1034 §3.6.2)");
                else
                    before.Add(other);
            }
        }
        if (before.Count > 0)
        {
            before.Sort((a, b) => a.Order.CompareTo(b.Order));
            string typeList = string.Join(", ", before.Select(b => Mnemonics.ToText(b.Record.Type)).Distinct());
            Error(errors, cname, $"expected no CNAME at {cname.Record.Owner}, which has {typeList} data (at {before[0].Where}): a CNAME is the only data at its name (RFC 1034 §3.6.2)");
        }
    }

    // Records are the same when owner (ignoring case), class, type and RDATA (names ignoring case) are: RFC 2181 §5 duplicates.
    private sealed class SameRecord : IEqualityComparer<ResourceRecord>
    {
        public static SameRecord Instance { get; } = new();

        public bool Equals(ResourceRecord? x, ResourceRecord? y)
            => x is not null && y is not null && x.Type == y.Type && x.Class == y.Class && x.Owner.Equals(y.Owner) && x.RdataEquals(y);

        public int GetHashCode(ResourceRecord r)
        {
            var hash = new HashCode();
            hash.Add(r.Owner);
            hash.Add(r.Type);
            foreach (RdataPart part in r.Rdata)
                hash.Add(part);
            return hash.ToHashCode();
        }
    }

    private static void Error(ZoneErrors errors, LocatedRecord at, string message) => errors.Add(at.File, at.Line, at.Column, message);
}
