using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Prepares every reply a zone can give, when it loads, following RFC 1034 §4.3.2: answers, CNAME chains, wildcards, referrals, NODATA and NXDOMAIN.</summary>
/// <remarks>
/// Per name: one reply per type it holds, one for any other type, one for ANY; a name at or below a
/// zone cut gets the cut's referral; a name with a wildcard child gets the wildcard's replies,
/// prepared to answer for the question's name. The zone as a whole gets its name error. Memory grows
/// with names × types, which is what makes a query one lookup and one copy.
/// </remarks>
internal sealed class AnswerBuilder
{
    // A CNAME chain longer than this inside one zone is treated as a loop (BIND and Knot stop near here too).
    private const int MaxChain = 8;

    private readonly DnsName _apex;
    private readonly Dictionary<DnsName, Dictionary<RecordType, List<ResourceRecord>>> _nodes = [];
    private readonly Dictionary<DnsName, DnsName> _cuts = [];
    private readonly List<ResourceRecord> _soa;
    private readonly List<ResourceRecord> _negativeSoa;
    private readonly List<ResourceRecord>? _apexNs;

    private AnswerBuilder(DnsName apex, IEnumerable<ResourceRecord> records)
    {
        _apex = apex;
        foreach (ResourceRecord record in records)
        {
            if (!_nodes.TryGetValue(record.Owner, out var types))
                _nodes[record.Owner] = types = [];
            if (!types.TryGetValue(record.Type, out var rrset))
                types[record.Type] = rrset = [];
            rrset.Add(record);
        }
        // Empty non-terminals exist: every name between an owner and the apex (RFC 4592 §2.2.2).
        foreach (DnsName owner in _nodes.Keys.ToList())
        {
            for (DnsName? up = owner.Parent; up is not null && up.IsAtOrBelow(apex) && !_nodes.ContainsKey(up); up = up.Parent)
                _nodes[up] = [];
        }
        if (!_nodes.TryGetValue(apex, out var apexTypes) || !apexTypes.TryGetValue(RecordType.SOA, out var soa))
            throw new ArgumentException($"zone {apex}: no SOA at the apex");
        _soa = soa;
        // RFC 2308 §3: a negative answer's SOA lives for the lesser of its TTL and its MINIMUM field.
        ResourceRecord s = soa[0];
        _negativeSoa = [s.WithTtl(Math.Min(s.Ttl, SoaRdata.From(s).Minimum))];
        _apexNs = apexTypes.TryGetValue(RecordType.NS, out var apexNs) ? apexNs : null;
        // Zone cuts: names below the apex with NS; a name's cut is the highest one at or above it.
        foreach (DnsName name in _nodes.Keys)
        {
            DnsName? cut = null;
            for (DnsName? up = name; up is not null && !up.Equals(apex); up = up.Parent)
            {
                if (_nodes.TryGetValue(up, out var t) && t.ContainsKey(RecordType.NS))
                    cut = up;
            }
            if (cut is not null)
                _cuts[name] = cut;
        }
    }

    /// <summary>Prepare the replies of the zone at <paramref name="apex"/> holding <paramref name="records"/>.</summary>
    public static ZoneAnswers Build(DnsName apex, IEnumerable<ResourceRecord> records) => new AnswerBuilder(apex, records).Build();

    private ZoneAnswers Build()
    {
        var referrals = new Dictionary<DnsName, ReplyTemplate>();
        var names = new Dictionary<DnsName, NameAnswers>(DnsNameComparer.Instance);
        foreach ((DnsName name, _) in _nodes)
        {
            NameAnswers answers;
            if (_cuts.TryGetValue(name, out DnsName? cut))
            {
                if (!referrals.TryGetValue(cut, out ReplyTemplate? referral))
                    referrals[cut] = referral = Referral(cut);
                answers = new NameAnswers([], [], referral, referral, referral);
            }
            else
            {
                answers = ForName(name, name, owner: name);
            }
            names.Add(name, answers);
        }
        // Wildcards answer for the names their parent closest-encloses (RFC 4592 §3.3.1), not below a cut.
        foreach ((DnsName name, _) in _nodes)
        {
            if (!name.IsWildcard || _cuts.ContainsKey(name))
                continue;
            DnsName parent = name.Parent!;
            names[parent].Wildcard = ForName(name, parent, owner: null);
        }
        var nameError = new TemplateWriter(_apex);
        nameError.Authority(_negativeSoa);
        return new ZoneAnswers(_apex, names, nameError.Build(DnsConstants.NxDomain, authoritative: true));
    }

    // The replies of `name`, compressed against `reference`, its records owned by `owner` (null: the question's name).
    private NameAnswers ForName(DnsName name, DnsName reference, DnsName? owner)
    {
        Dictionary<RecordType, List<ResourceRecord>> types = _nodes[name];
        if (types.TryGetValue(RecordType.CNAME, out var cname))
            return ForAlias(cname, reference, owner);
        var typeList = new List<ushort>();
        var replies = new List<ReplyTemplate>();
        foreach ((RecordType type, List<ResourceRecord> rrset) in types.OrderBy(t => (ushort)t.Key))
        {
            var w = new TemplateWriter(reference);
            w.Answer(owner, rrset);
            AddAdditional(w, rrset);
            AddApexNs(w);
            typeList.Add((ushort)type);
            replies.Add(w.Build(DnsConstants.NoError, authoritative: true));
        }
        // RFC 8482 §4.1: ANY gets one RRset, as NSD answers it: the SOA at the apex, else the name's first RRset in file order.
        var any = new TemplateWriter(reference);
        if (types.Count > 0)
        {
            List<ResourceRecord> first = types.TryGetValue(RecordType.SOA, out var soa) ? soa : types.First().Value;
            any.Answer(owner, first);
            AddAdditional(any, first);
        }
        return new NameAnswers([.. typeList], [.. replies], NoData(reference), types.Count == 0 ? NoData(reference) : any.Build(DnsConstants.NoError, true), referral: null);
    }

    // A CNAME owner: the chain is followed inside the zone for each type the chain's end holds.
    private NameAnswers ForAlias(List<ResourceRecord> cname, DnsName reference, DnsName? owner)
    {
        List<(DnsName? Owner, List<ResourceRecord> RRset)> chain = [(owner, cname)];
        DnsName target = cname[0].Rdata[0].Name!;
        Dictionary<RecordType, List<ResourceRecord>>? end = null;
        DnsName? endOwner = null;
        bool nameError = false;
        var seen = new HashSet<DnsName>();
        while (chain.Count <= MaxChain && target.IsAtOrBelow(_apex) && !_cuts.ContainsKey(target) && seen.Add(target))
        {
            (Dictionary<RecordType, List<ResourceRecord>>? node, DnsName? nodeOwner) = Resolve(target);
            if (node is null)
            {
                nameError = true; // RFC 6604: the RCODE is that of the last name in the chain
                break;
            }
            if (node.TryGetValue(RecordType.CNAME, out var next))
            {
                chain.Add((nodeOwner, next));
                target = next[0].Rdata[0].Name!;
                continue;
            }
            end = node;
            endOwner = nodeOwner;
            break;
        }

        ReplyTemplate Build(List<ResourceRecord>? last)
        {
            var w = new TemplateWriter(reference);
            foreach ((DnsName? o, List<ResourceRecord> rrset) in chain)
                w.Answer(o, rrset);
            if (last is not null)
            {
                w.Answer(endOwner, last);
                AddAdditional(w, last);
                AddApexNs(w);
            }
            else if (end is not null || nameError)
            {
                w.Authority(_negativeSoa);
            }
            return w.Build(nameError ? DnsConstants.NxDomain : DnsConstants.NoError, authoritative: true);
        }

        var typeList = new List<ushort> { (ushort)RecordType.CNAME };
        var cnameOnly = new TemplateWriter(reference);
        cnameOnly.Answer(owner, cname);
        var any = new TemplateWriter(reference);
        any.Answer(owner, cname);
        AddApexNs(cnameOnly);
        var replies = new List<ReplyTemplate> { cnameOnly.Build(DnsConstants.NoError, true) };
        if (end is not null)
        {
            foreach ((RecordType type, List<ResourceRecord> rrset) in end.OrderBy(t => (ushort)t.Key))
            {
                if (type == RecordType.CNAME)
                    continue;
                typeList.Add((ushort)type);
                replies.Add(Build(rrset));
            }
        }
        return new NameAnswers([.. typeList], [.. replies], Build(null), any.Build(DnsConstants.NoError, true), referral: null);
    }

    // The node a name resolves to inside the zone: itself, or the wildcard of its closest encloser; its owner is the name.
    private (Dictionary<RecordType, List<ResourceRecord>>? Node, DnsName? Owner) Resolve(DnsName name)
    {
        if (_nodes.TryGetValue(name, out var node))
            return (node, name);
        for (DnsName? up = name.Parent; up is not null && up.IsAtOrBelow(_apex); up = up.Parent)
        {
            if (!_nodes.ContainsKey(up))
                continue;
            DnsName wildcard = up.Child("*"u8);
            return _nodes.TryGetValue(wildcard, out var w) ? (w, name) : (null, null);
        }
        return (null, null);
    }

    private ReplyTemplate NoData(DnsName reference)
    {
        var w = new TemplateWriter(reference);
        w.Authority(_negativeSoa);
        return w.Build(DnsConstants.NoError, authoritative: true);
    }

    // RFC 1034 §4.3.2 step 3b: the cut's NS in authority, AA clear, addresses of the servers (glue) in additional.
    private ReplyTemplate Referral(DnsName cut)
    {
        var w = new TemplateWriter(cut);
        List<ResourceRecord> ns = _nodes[cut][RecordType.NS];
        w.Authority(ns);
        AddAdditional(w, ns);
        return w.Build(DnsConstants.NoError, authoritative: false);
    }

    // As NSD does for positive answers: the zone's NS in authority and their addresses in additional, unless the answer is that NS.
    private void AddApexNs(TemplateWriter w)
    {
        if (_apexNs is null || w.Written.Contains((_apex, RecordType.NS)))
            return;
        w.Authority(_apexNs);
        AddAdditional(w, _apexNs);
    }

    // RFC 1034 §4.3.2 step 6: addresses of the names NS, MX and SRV records point at, when the zone holds them (glue included).
    private void AddAdditional(TemplateWriter w, List<ResourceRecord> rrset)
    {
        if (rrset[0].Type is not (RecordType.NS or RecordType.MX or RecordType.SRV))
            return;
        foreach (ResourceRecord record in rrset)
        {
            DnsName? target = record.Rdata.Where(p => p.IsName).Select(p => p.Name).LastOrDefault();
            if (target is null || !_nodes.TryGetValue(target, out var node))
                continue;
            if (node.TryGetValue(RecordType.A, out var a))
                w.Additional(a);
            if (node.TryGetValue(RecordType.AAAA, out var aaaa))
                w.Additional(aaaa);
        }
    }
}
