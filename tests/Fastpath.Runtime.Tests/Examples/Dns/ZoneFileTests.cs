using Fastpath.Examples.Dns.Zones;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>Zone files read into zones: the feature zone record by record, defaults, RRset rules, and the zone model.</summary>
public class ZoneFileTests
{
    private static readonly DnsName Feature = DnsName.Parse("feature.example.");

    // Every record of feature.zone and its include, in file order, as master-file lines.
    private static readonly string[] FeatureRecords =
    [
        "feature.example. 3600 IN SOA ns1.feature.example. hostmaster.feature.example. 2024010101 7200 1800 1209600 129600",
        "feature.example. 3600 IN NS ns1.feature.example.",
        "feature.example. 3600 IN NS ns2.feature.example.",
        "feature.example. 300 IN MX 10 mail.feature.example.",
        "feature.example. 300 IN MX 20 mail.elsewhere.example.",
        "feature.example. 3600 IN TXT \"v=spf1 -all\"",
        "feature.example. 3600 IN TXT \"say \\\"hi\\\"\" \"semi;colon\" \"byte\\255 end\" \"bare\" \"words\"",
        "feature.example. 3600 IN CAA 0 issue \"ca.example.net\"",
        "feature.example. 3600 IN CAA 128 iodef \"mailto:security@feature.example\"",
        "ns1.feature.example. 3600 IN A 192.0.2.1",
        "ns1.feature.example. 3600 IN AAAA 2001:db8::1",
        "ns2.feature.example. 3600 IN A 192.0.2.2",
        "mail.feature.example. 3600 IN A 192.0.2.25",
        "www.feature.example. 3600 IN CNAME web.feature.example.",
        "web.feature.example. 129600 IN A 192.0.2.80",
        "*.wild.feature.example. 3600 IN TXT \"wildcard\"",
        "_sip._udp.feature.example. 3600 IN SRV 10 60 5060 sip.feature.example.",
        "sip.feature.example. 3600 IN A 192.0.2.50",
        "ptr.feature.example. 3600 IN PTR www.feature.example.",
        "host.feature.example. 3600 IN HINFO \"Intel x86\" \"Debian GNU/Linux\"",
        "old.feature.example. 3600 IN DNAME new.example.",
        "dot\\.label.feature.example. 3600 IN A 192.0.2.99",
        "Abc.feature.example. 604800 IN A 192.0.2.98",
        "unknown.feature.example. 3600 IN TYPE65280 \\# 4 0A0B0C0D",
        "generic.feature.example. 3600 IN A 192.0.2.2",
        "empty.feature.example. 3600 IN TYPE65281 \\# 0",
        "leaf.ent.feature.example. 3600 IN A 192.0.2.7",
        "delegated.feature.example. 3600 IN NS ns.delegated.feature.example.",
        "ns.delegated.feature.example. 3600 IN A 192.0.2.53",
        "inc.feature.example. 300 IN A 192.0.2.150",
        "a.inc.feature.example. 300 IN TXT \"from the include\"",
        "b.changed.feature.example. 300 IN A 192.0.2.151",
        "after.feature.example. 300 IN A 192.0.2.200",
        "sub.feature.example. 300 IN A 192.0.2.201",
        "x.sub.feature.example. 300 IN AAAA ::ffff:192.0.2.202",
    ];

    [Fact]
    public void TheFeatureZoneReadsAsTheExpectedRecords()
    {
        Zone zone = ZoneFile.Parse(DnsTestFiles.FeatureZone, Feature);
        Assert.Equal(FeatureRecords, zone.Records.Select(r => r.ToString()));
        Assert.Empty(zone.Warnings);
        Assert.Equal(Feature, zone.Origin);
        Assert.Equal(RecordClass.IN, zone.Class);
        Assert.Equal(2024010101u, zone.Serial);
        Assert.Equal(new SoaRdata(DnsName.Parse("ns1.feature.example."), DnsName.Parse("hostmaster.feature.example."), 2024010101, 7200, 1800, 1209600, 129600), zone.SoaRdata);
        Assert.Equal(DnsTestFiles.FeatureZone, zone.Source);
        Assert.Equal([DnsTestFiles.FeatureZone, Path.Combine(Path.GetDirectoryName(DnsTestFiles.FeatureZone)!, "feature-include.inc")], zone.Files);
    }

    [Fact]
    public void WithoutAGivenOriginTheSoaOwnerIsTheApex()
    {
        Zone zone = ZoneFile.Parse(DnsTestFiles.FeatureZone);
        Assert.Equal(Feature, zone.Origin);
        Assert.Equal(FeatureRecords, zone.Records.Select(r => r.ToString()));
    }

    [Fact]
    public void RecordsAreGroupedByOwnerIgnoringCaseAndByType()
    {
        Zone zone = ZoneFile.Parse(DnsTestFiles.FeatureZone, Feature);
        ZoneNode apex = zone.Nodes[DnsName.Parse("FEATURE.example.")];
        Assert.Equal("feature.example. SOA NS MX TXT CAA", apex.ToString());
        Assert.True(apex.TryGetRRset(RecordType.MX, out RRset? mx));
        Assert.Equal(2, mx.Records.Count);
        Assert.Equal(300u, mx.Ttl);
        Assert.True(zone.TryGetRRset(DnsName.Parse("WWW.Feature.Example."), RecordType.CNAME, out RRset? cname));
        Assert.Equal("www.feature.example. CNAME (1 record)", cname.ToString());
        Assert.False(zone.TryGetRRset(DnsName.Parse("www.feature.example."), RecordType.A, out _));
        Assert.True(zone.TryGetNode(DnsName.Parse("abc.feature.example."), out ZoneNode? abc));
        Assert.Equal("Abc.feature.example.", abc.Name.ToString());
        // Empty non-terminals own nothing, so they are not nodes.
        Assert.False(zone.TryGetNode(DnsName.Parse("ent.feature.example."), out _));
        Assert.Same(zone.Soa, apex.RRsets[0].Records[0]);
        Assert.Equal(zone.Records.Count, zone.Nodes.Values.Sum(n => n.RRsets.Sum(s => s.Records.Count)));

        IReadOnlyList<ZoneNode> ordered = zone.NodesInCanonicalOrder;
        Assert.Equal(zone.Nodes.Count, ordered.Count);
        Assert.Equal(Feature, ordered[0].Name);
        for (int i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i - 1].Name.CompareTo(ordered[i].Name) < 0, $"{ordered[i - 1].Name} before {ordered[i].Name}");
    }

    [Fact]
    public void PrintedRecordsReadBackAsTheSameZone()
    {
        Zone zone = ZoneFile.Parse(DnsTestFiles.FeatureZone, Feature);
        string text = string.Join('\n', zone.Records.Select(r => r.ToString()));
        Zone again = ZoneFile.ParseText(text, null, "printed.zone");
        Assert.Equal(zone.Records.Count, again.Records.Count);
        for (int i = 0; i < zone.Records.Count; i++)
        {
            ResourceRecord a = zone.Records[i], b = again.Records[i];
            Assert.True(a.Owner.Wire.SequenceEqual(b.Owner.Wire) && a.Type == b.Type && a.Class == b.Class && a.Ttl == b.Ttl && a.GetRdata().SequenceEqual(b.GetRdata()), $"{a} read back as {b}");
        }
    }

    [Fact]
    public void TheSampleZoneLoads()
    {
        Zone zone = ZoneFile.Parse(DnsTestFiles.SampleZone, DnsName.Parse("example.com."));
        Assert.Empty(zone.Warnings);
        Assert.Equal(2025010101u, zone.Serial);
        Assert.Equal(300u, zone.SoaRdata.Minimum);
        Assert.True(zone.TryGetRRset(DnsName.Parse("www.example.com."), RecordType.CNAME, out _));
        Assert.True(zone.TryGetRRset(DnsName.Parse("*.wild.example.com."), RecordType.A, out _));
        Assert.True(zone.TryGetRRset(DnsName.Parse("sub.example.com."), RecordType.NS, out RRset? delegation));
        Assert.Equal(2, delegation.Records.Count);
        Assert.True(zone.TryGetRRset(DnsName.Parse("example.com."), RecordType.CAA, out _));
        Assert.True(zone.TryGetRRset(DnsName.Parse("_sip._udp.example.com."), RecordType.SRV, out _));
        Assert.False(zone.TryGetNode(DnsName.Parse("lab.example.com."), out _));
        Assert.True(zone.TryGetNode(DnsName.Parse("printer.lab.example.com."), out _));
    }

    [Fact]
    public void AnOmittedTtlIsTheDollarTtlOrThirtySixHundredAsKnotAndNsdHaveIt()
    {
        Zone zone = ZoneFile.ParseText("""
            $ORIGIN t.
            @ SOA ns hm 1 2 3 4 5
            @ 100 NS ns
            ns A 192.0.2.1
            $TTL 5m
            c A 192.0.2.4
            d IN 7 A 192.0.2.5
            e A 192.0.2.6
            """, null, "ttl.zone");
        // ns is 3600, not the 100 stated just before: RFC 1035's "last stated TTL" is not what Knot or NSD do.
        Assert.Equal(["t. 3600", "t. 100", "ns.t. 3600", "c.t. 300", "d.t. 7", "e.t. 300"], zone.Records.Select(r => $"{r.Owner} {r.Ttl}"));
        Zone custom = ZoneFile.ParseText("$ORIGIN t.\n@ SOA ns hm 1 2 3 4 5\n NS ns\n", null, "ttl.zone", new ZoneFileOptions { DefaultTtl = 86400 });
        Assert.All(custom.Records, r => Assert.Equal(86400u, r.Ttl));
    }

    [Fact]
    public void AnOmittedClassIsThePreviousRecordsSoAChaosZoneWorks()
    {
        Zone zone = ZoneFile.ParseText("""
            $ORIGIN version.bind.
            @ 0 CH SOA ns hm 1 2 3 4 5
              NS ns
              TXT "Fastpath"
            ns CLASS3 A 192.0.2.1
            """, null, "chaos.zone");
        Assert.Equal(RecordClass.CH, zone.Class);
        Assert.All(zone.Records, r => Assert.Equal(RecordClass.CH, r.Class));
        Assert.Equal("version.bind. 3600 CH TXT \"Fastpath\"", zone.Records[2].ToString());
    }

    [Fact]
    public void DifferentTtlsInOneRRsetAllTakeTheLowestWithAWarningEach()
    {
        Zone zone = ZoneFile.ParseText("""
            $ORIGIN t.
            @ SOA ns hm 1 2 3 4 5
            @ NS ns
            ns A 192.0.2.1
            c 300 A 192.0.2.4
            c 50 A 192.0.2.5
            c 900 A 192.0.2.6
            """, null, "mix.zone");
        Assert.True(zone.TryGetRRset(DnsName.Parse("c.t."), RecordType.A, out RRset? set));
        Assert.Equal(50u, set.Ttl);
        Assert.All(set.Records, r => Assert.Equal(50u, r.Ttl));
        Assert.Equal([50u, 50u, 50u], zone.Records.Where(r => r.Owner.Equals(set.Owner)).Select(r => r.Ttl));
        Assert.Equal(
        [
            "mix.zone:5:1: TTL 300 differs from others in the c.t. A RRset; the set uses the lowest, 50 (RFC 2181 §5.2)",
            "mix.zone:7:1: TTL 900 differs from others in the c.t. A RRset; the set uses the lowest, 50 (RFC 2181 §5.2)",
        ], zone.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void DuplicateRecordsAreDroppedWithAWarning()
    {
        Zone zone = ZoneFile.ParseText("""
            $ORIGIN t.
            @ SOA ns hm 1 2 3 4 5
            @ NS ns
            @ NS NS.t.
            ns A 192.0.2.1
            NS A 192.0.2.1
            big 2147483648 A 192.0.2.9
            """, null, "dup.zone");
        Assert.Equal(4, zone.Records.Count);
        Assert.Equal(
        [
            "dup.zone:4:1: a duplicate of the record at dup.zone:3:1; dropped (RFC 2181 §5)",
            "dup.zone:6:1: a duplicate of the record at dup.zone:5:1; dropped (RFC 2181 §5)",
            "dup.zone:7:1: TTL 2147483648 is above 2147483647, which RFC 2181 §8 tells resolvers to read as 0",
        ], zone.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void ParenthesesCommentsBlankLinesAndCrLfAreLayoutOnly()
    {
        string text = "$ORIGIN t.\r\n\r\n; a comment line\r\n@ SOA ( ns ; mname\r\n  hm ; rname\r\n\r\n 1 2 3 4 5 ) ; done\r\n\t NS\tns\r\nns A 192.0.2.1 ; glue\r\ntxt TXT ( \"a;b\"\r\n \"c(d)\" )";
        Zone zone = ZoneFile.ParseText(text, null, "crlf.zone");
        Assert.Equal(
        [
            "t. 3600 IN SOA ns.t. hm.t. 1 2 3 4 5",
            "t. 3600 IN NS ns.t.",
            "ns.t. 3600 IN A 192.0.2.1",
            "txt.t. 3600 IN TXT \"a;b\" \"c(d)\"",
        ], zone.Records.Select(r => r.ToString()));
    }

    [Fact]
    public void IncludesAreFoundRelativeToTheIncludingFileAndNamedSoInErrors()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("parts"));
        File.WriteAllText(dir.File("main.zone"), "$ORIGIN t.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n$INCLUDE parts/hosts.inc\n");
        File.WriteAllText(dir.File("parts/hosts.inc"), "ns A 192.0.2.1\n$INCLUDE \"more.inc\" more.t.\n");
        File.WriteAllText(dir.File("parts/more.inc"), "@ A 192.0.2.2\nbad A 192.0.2.300\n");
        string main = dir.File("main.zone");
        var e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(main));
        string expectedPath = Path.Combine(dir.FullPath, "parts", "more.inc");
        Assert.Equal($"{expectedPath}:2:7: expected an IPv4 address, found '192.0.2.300'", Assert.Single(e.Errors).ToString());

        File.WriteAllText(dir.File("parts/more.inc"), "@ A 192.0.2.2\n");
        Zone zone = ZoneFile.Parse(main);
        Assert.Equal(["t.", "t.", "ns.t.", "more.t."], zone.Records.Select(r => r.Owner.ToString()));
        Assert.Equal([main, dir.File("parts/hosts.inc"), dir.File("parts/more.inc")], zone.Files);
    }

    [Fact]
    public void ZoneTryCreateChecksRecordsThatCameFromNoFile()
    {
        DnsName origin = DnsName.Parse("t.");
        Zone file = ZoneFile.ParseText("$ORIGIN t.\n@ SOA ns hm 7 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n", null, "t.zone");
        Assert.True(Zone.TryCreate(origin, file.Records, "AXFR from 192.0.2.1", out Zone? copy, out IReadOnlyList<ZoneFileError> errors));
        Assert.Empty(errors);
        Assert.Equal(7u, copy.Serial);
        Assert.Empty(copy.Files);
        Assert.Equal("AXFR from 192.0.2.1", copy.Source);

        Assert.False(Zone.TryCreate(origin, file.Records.Where(r => r.Type != RecordType.NS), "AXFR from 192.0.2.1", out Zone? none, out errors));
        Assert.Null(none);
        Assert.Equal("AXFR from 192.0.2.1: expected NS records at the apex t., found none: a zone names its name servers there (RFC 1034 §4.2.1)", Assert.Single(errors).ToString());
        Assert.False(Zone.TryCreate(origin, [], "empty", out _, out errors));
        Assert.Equal("empty: expected an SOA record at the zone apex t., found none", Assert.Single(errors).ToString());
    }
}
