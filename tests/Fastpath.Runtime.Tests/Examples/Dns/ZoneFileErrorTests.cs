using Fastpath.Examples.Dns.Zones;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>Zone-file errors, one test per kind: each names file:line:column and what was expected, and a zone with errors gives no zone.</summary>
public class ZoneFileErrorTests
{
    // A valid zone of four lines; the line under test is line 5.
    private const string Head = "$ORIGIN example.com.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";

    private static string Error(string text, DnsName? origin = null)
    {
        Assert.False(ZoneFile.TryParseText(text, origin, "zone.db", out Zone? zone, out IReadOnlyList<ZoneFileError> errors));
        Assert.Null(zone);
        return Assert.Single(errors).ToString();
    }

    [Theory]
    // Addresses.
    [InlineData("www A 10.0.0.256", "zone.db:5:7: expected an IPv4 address, found '10.0.0.256'")]
    [InlineData("www A 10.0.0", "zone.db:5:7: expected an IPv4 address, found '10.0.0'")]
    [InlineData("www A 10.0.0.01", "zone.db:5:7: expected an IPv4 address, found '10.0.0.01': a part with a leading zero")]
    [InlineData("www AAAA 2001:db8::g", "zone.db:5:10: expected an IPv6 address, found '2001:db8::g'")]
    [InlineData("www AAAA fe80::1%eth0", "zone.db:5:10: expected an IPv6 address, found 'fe80::1%eth0'")]
    [InlineData("www AAAA 192.0.2.1", "zone.db:5:10: expected an IPv6 address, found '192.0.2.1'")]
    // Numbers and times.
    [InlineData("@ MX 65536 mail", "zone.db:5:6: expected a 16-bit number (the MX preference), found '65536': the largest is 65535")]
    [InlineData("@ MX ten mail", "zone.db:5:6: expected a 16-bit number (the MX preference), found 'ten'")]
    [InlineData("_s._tcp SRV 1 2 -3 host", "zone.db:5:17: expected a 16-bit number (the SRV port), found '-3'")]
    [InlineData("@ CAA 256 issue \"x\"", "zone.db:5:7: expected an 8-bit number (the CAA flags), found '256': the largest is 255")]
    [InlineData("www 1x A 192.0.2.1", "zone.db:5:5: expected a time value (the TTL): seconds, or with units s, m, h, d, w, found '1x': 'x' is not a unit (s, m, h, d, w)")]
    [InlineData("www 1h30 A 192.0.2.1", "zone.db:5:5: expected a time value (the TTL): seconds, or with units s, m, h, d, w, found '1h30': every number needs a unit once one has one")]
    [InlineData("www 4294967296 A 192.0.2.1", "zone.db:5:5: expected a time value (the TTL): seconds, or with units s, m, h, d, w, found '4294967296': the largest is 4294967295")]
    [InlineData("www 7102w A 192.0.2.1", "zone.db:5:5: expected a time value (the TTL): seconds, or with units s, m, h, d, w, found '7102w': the largest is 4294967295 seconds")]
    // Types, classes and the record's shape.
    [InlineData("www FOO 192.0.2.1", "zone.db:5:5: expected a record type (A, AAAA, NS, MX, TXT, ... or TYPEnnn), found 'FOO'")]
    [InlineData("www 300 300 A 192.0.2.1", "zone.db:5:9: expected a record type (A, AAAA, NS, MX, TXT, ... or TYPEnnn), found '300'")]
    [InlineData("www TYPE65536 \\# 0", "zone.db:5:5: expected a record type (A, AAAA, NS, MX, TXT, ... or TYPEnnn), found 'TYPE65536'")]
    [InlineData("www AXFR \\# 0", "zone.db:5:5: expected a record type for zone data, found 'AXFR': AXFR only appears in queries or as a pseudo-record")]
    [InlineData("www OPT \\# 0", "zone.db:5:5: expected a record type for zone data, found 'OPT': OPT only appears in queries or as a pseudo-record")]
    [InlineData("www ANY A 192.0.2.1", "zone.db:5:5: expected a class for zone data (IN, CH, HS or CLASSnnn), found 'ANY': ANY and NONE only appear in queries and updates")]
    [InlineData("www", "zone.db:5:4: expected a record type (A, AAAA, NS, MX, TXT, ... or TYPEnnn), found the end of the record")]
    [InlineData("@ MX 10", "zone.db:5:8: expected a domain name (the mail exchange), found the end of the record")]
    [InlineData("@ SOA ns hm 1 2 3 4", "zone.db:5:20: expected a time value (the minimum, the negative-caching TTL): seconds, or with units s, m, h, d, w, found the end of the record")]
    [InlineData("www A 192.0.2.1 junk", "zone.db:5:17: expected the end of the record, found 'junk'")]
    [InlineData("www DS 1 2 3 ABCD", "zone.db:5:8: expected '\\#' (the RFC 3597 generic form), found '1': this reader spells DS RDATA only in the RFC 3597 generic form")]
    [InlineData("www TYPE65280 0A0B", "zone.db:5:15: expected '\\#' (the RFC 3597 generic form), found '0A0B': this reader spells TYPE65280 RDATA only in the RFC 3597 generic form")]
    [InlineData("\"www\" A 192.0.2.1", "zone.db:5:1: expected a domain name (the owner), found '\"www\"': a name is not quoted")]
    // Names.
    [InlineData("a..b A 192.0.2.1", "zone.db:5:1: expected a domain name (the owner), found 'a..b': an empty label (two dots at position 3)")]
    [InlineData("www CNAME a\\25x", "zone.db:5:11: expected a domain name (the canonical name), found 'a\\25x': '\\25x' is not a \\DDD escape (three decimal digits)")]
    [InlineData("@ NS aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", "zone.db:5:6: expected a domain name (the name server), found 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.': the label 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 63 bytes")]
    // Character-strings.
    [InlineData("t TXT \"a\\300\"", "zone.db:5:7: expected a character-string (the text), found '\"a\\300\"': '\\300' is not a byte (\\DDD is 000 to 255)")]
    [InlineData("t TXT", "zone.db:5:6: expected a character-string (the text), found the end of the record")]
    [InlineData("t HINFO \"cpu\"", "zone.db:5:14: expected a character-string (the HINFO OS), found the end of the record")]
    [InlineData("t HINFO a b c", "zone.db:5:13: expected the end of the record, found 'c'")]
    [InlineData("@ CAA 0 \"issue\" \"x\"", "zone.db:5:9: expected a CAA tag of letters and digits (issue, issuewild, iodef, ...), found '\"issue\"'")]
    [InlineData("@ CAA 0 is-sue \"x\"", "zone.db:5:9: expected a CAA tag of letters and digits (issue, issuewild, iodef, ...), found 'is-sue'")]
    // The RFC 3597 generic form.
    [InlineData("u TYPE65280 \\# 4 0A0B0C", "zone.db:5:18: expected 4 bytes of hex data as the length says, found 3")]
    [InlineData("u TYPE65280 \\# 4", "zone.db:5:13: expected 4 bytes of hex data as the length says, found none")]
    [InlineData("u TYPE65280 \\# 2 0A0B0", "zone.db:5:18: expected hex data (two digits a byte), found '0A0B0': an odd number of digits (5)")]
    [InlineData("u TYPE65280 \\# 2 0A 0G", "zone.db:5:21: expected hex data (two digits a byte), found '0G'")]
    [InlineData("u MX \\# 4 000A0000", "zone.db:5:6: the RDATA does not hold a valid MX record: 1 bytes too many")]
    [InlineData("u A \\# 3 0A0B0C", "zone.db:5:5: the RDATA does not hold a valid A record: 3 bytes is too short")]
    [InlineData("u CAA \\# 3 000100", "zone.db:5:7: the RDATA does not hold a valid CAA record: expected flags, a tag of letters and digits, and a value")]
    // Directives.
    [InlineData("$GENERATE 1-10 h$ A 192.0.2.$", "zone.db:5:1: expected a directive ($ORIGIN, $TTL or $INCLUDE), found '$GENERATE'")]
    [InlineData("$TTL", "zone.db:5:5: expected a time value (the default TTL): seconds, or with units s, m, h, d, w, found the end of the record")]
    [InlineData("$TTL 1h 2h", "zone.db:5:9: expected the end of the record, found '2h'")]
    [InlineData("$ORIGIN a..b.", "zone.db:5:9: expected a domain name (the new origin), found 'a..b.': an empty label (two dots at position 3)")]
    [InlineData("$INCLUDE", "zone.db:5:9: expected a file name, found the end of the record")]
    public void ASyntaxErrorNamesItsPlaceAndWhatWasExpected(string line, string expected)
        => Assert.Equal(expected, Error(Head + line + "\n"));

    [Fact]
    public void ARelativeNameNeedsAnOrigin()
    {
        Assert.Equal("zone.db:1:1: expected a domain name (the owner), found 'www': a relative name, but no origin is known yet (add $ORIGIN or end the name with '.')",
            Error("www A 192.0.2.1\n"));
        Assert.Equal("zone.db:1:17: expected a domain name (the name server), found 'ns': a relative name, but no origin is known yet (add $ORIGIN or end the name with '.')",
            Error("example.com. NS ns\nexample.com. SOA ns.example.com. hm.example.com. 1 2 3 4 5\n"));
    }

    [Fact]
    public void ALeadingBlankNeedsAPreviousOwner()
        => Assert.Equal("zone.db:2:3: this line begins with a blank, so it repeats the previous owner, but there is none yet (expected an owner name at the start of the line)",
            Error("$ORIGIN example.com.\n  SOA ns hm 1 2 3 4 5\n"));

    [Theory]
    [InlineData("t TXT \"open", "zone.db:5:7: a quoted string is not closed on its line (expected '\"')")]
    [InlineData("t TXT ( \"a\"", "zone.db:5:7: this '(' is not closed before the end of the file (expected ')')")]
    [InlineData("t TXT \"a\" )", "zone.db:5:11: a ')' without a '(' before it")]
    [InlineData("t TXT ( ( \"a\" )", "zone.db:5:9: a second '(' before the ')' of the one at 5:7: parentheses do not nest")]
    public void QuotesAndParenthesesMustBalance(string line, string expected)
        => Assert.Equal(expected, Error(Head + line + "\n"));

    [Fact]
    public void AnUnclosedParenthesisSpansLinesAndPointsAtItsOpening()
        => Assert.Equal("zone.db:5:7: this '(' is not closed before the end of the file (expected ')')",
            Error(Head + "t TXT ( \"a\"\n\"b\"\nu A 192.0.2.1\n"));

    [Fact]
    public void ACharacterStringHoldsAtMost255Bytes()
        => Assert.Equal($"zone.db:5:7: expected a character-string (the text), found '\"{new string('x', 256)}\"': 256 bytes; a character-string holds at most 255 (split it into several strings)",
            Error(Head + $"t TXT \"{new string('x', 256)}\"\n"));

    [Fact]
    public void RdataHoldsAtMost65535Bytes()
    {
        string strings = string.Join(' ', Enumerable.Repeat($"\"{new string('x', 255)}\"", 257));
        Assert.Equal("zone.db:5:3: expected at most 65535 bytes of RDATA, found 65792", Error(Head + $"t TXT {strings}\n"));
    }

    [Theory]
    [InlineData("$ORIGIN example.com.\n@ NS ns\nns A 192.0.2.1\n", "zone.db:1:1: expected an SOA record at the zone apex example.com., found none")]
    [InlineData(Head + "@ SOA ns hm 2 2 3 4 5\n", "zone.db:5:1: a second SOA record at the apex; a zone has exactly one (the first is at zone.db:2:1)")]
    [InlineData(Head + "sub SOA ns hm 1 2 3 4 5\n", "zone.db:5:1: expected the SOA record at the zone apex example.com., found it at sub.example.com.")]
    [InlineData("$ORIGIN example.com.\n@ SOA ns hm 1 2 3 4 5\nns A 192.0.2.1\n", "zone.db:2:1: expected NS records at the apex example.com., found none: a zone names its name servers there (RFC 1034 §4.2.1)")]
    [InlineData(Head + "www.example.org. A 192.0.2.1\n", "zone.db:5:1: expected a name at or below the origin example.com., found www.example.org.: it is outside the zone")]
    [InlineData(Head + "$ORIGIN com.\nother A 192.0.2.1\n", "zone.db:6:1: expected a name at or below the origin example.com., found other.com.: it is outside the zone")]
    [InlineData(Head + "www CH A 192.0.2.1\n", "zone.db:5:1: expected class IN, the zone's (its SOA's), found CH")]
    [InlineData(Head + "www CNAME web\nwww A 192.0.2.1\n", "zone.db:6:1: expected nothing but the CNAME at www.example.com. (at zone.db:5:1), found a A record: a CNAME is the only data at its name (RFC 1034 §3.6.2)")]
    [InlineData(Head + "www TXT hello\nWWW CNAME web\n", "zone.db:6:1: expected no CNAME at WWW.example.com., which has TXT data (at zone.db:5:1): a CNAME is the only data at its name (RFC 1034 §3.6.2)")]
    [InlineData(Head + "@ CNAME web\n", "zone.db:5:1: expected no CNAME at example.com., which has SOA, NS data (at zone.db:2:1): a CNAME is the only data at its name (RFC 1034 §3.6.2)")]
    [InlineData(Head + "www CNAME web\nwww CNAME web2\n", "zone.db:6:1: a second CNAME at www.example.com. (the first is at zone.db:5:1); a name has at most one")]
    [InlineData(Head + "old DNAME a.example.\nold DNAME b.example.\n", "zone.db:6:1: a second DNAME at old.example.com. (the first is at zone.db:5:1); a name has at most one")]
    public void ZoneChecksPointAtTheRecordThatBreaksThem(string text, string expected)
        => Assert.Equal(expected, Error(text, DnsName.Parse("example.com.")));

    [Fact]
    public void ACnameMayShareItsNameWithDnssecRecordsOnly()
    {
        Zone zone = ZoneFile.ParseText(Head + "www CNAME web\nwww NSEC \\# 3 000000\n", null, "zone.db");
        Assert.True(zone.TryGetRRset(DnsName.Parse("www.example.com."), RecordType.NSEC, out _));
    }

    [Fact]
    public void WithoutAnOriginTheFileMustHaveAnSoa()
        => Assert.Equal("zone.db:1:1: expected an SOA record: without an origin given, the SOA's owner is the zone's apex, and there is none",
            Error("$ORIGIN example.com.\n@ NS ns\n"));

    [Fact]
    public void AllErrorsAreCollectedInOrderAndTheExceptionListsThem()
    {
        string text = Head + "a A 1.2.3\nb MX x y\nc.example.org. A 192.0.2.1\n";
        var e = Assert.Throws<ZoneFileException>(() => ZoneFile.ParseText(text, null, "zone.db"));
        string[] expected =
        [
            "zone.db:5:5: expected an IPv4 address, found '1.2.3'",
            "zone.db:6:6: expected a 16-bit number (the MX preference), found 'x'",
            "zone.db:7:1: expected a name at or below the origin example.com., found c.example.org.: it is outside the zone",
        ];
        Assert.Equal(expected, e.Errors.Select(x => x.ToString()));
        Assert.Equal(string.Join(Environment.NewLine, expected), e.Message);
        Assert.Equal(("zone.db", 6, 6), (e.Errors[1].File, e.Errors[1].Line, e.Errors[1].Column));
    }

    [Fact]
    public void ASyntaxErrorInTheSoaDoesNotAlsoReportAMissingSoa()
        => Assert.Equal("zone.db:2:13: expected a 32-bit number (the serial), found 'x'",
            Error("$ORIGIN example.com.\n@ SOA ns hm x 2 3 4 5\n@ NS ns\n", DnsName.Parse("example.com.")));

    [Fact]
    public void ErrorsStopAtTheCap()
    {
        string text = Head + string.Concat(Enumerable.Range(0, 10).Select(i => $"h{i} A 300.0.0.{i}\n"));
        Assert.False(ZoneFile.TryParseText(text, null, "zone.db", out _, out IReadOnlyList<ZoneFileError> errors, new ZoneFileOptions { MaxErrors = 3 }));
        Assert.Equal(3, errors.Count);
        Assert.Equal("zone.db:7:6: expected an IPv4 address, found '300.0.0.2' (stopping after 3 errors)", errors[2].ToString());
    }

    [Fact]
    public void FileErrorsNameTheFileAndTheIncludeLine()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("missing.zone");
        var e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(missing));
        Assert.StartsWith($"{missing}: cannot read the zone file: Could not find file", Assert.Single(e.Errors).ToString());
        Assert.Equal(0, e.Errors[0].Line);

        string main = dir.File("main.zone");
        File.WriteAllText(main, Head + "$INCLUDE nothere.inc\n");
        e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(main));
        Assert.StartsWith($"{main}:5:10: expected a file to include, found 'nothere.inc': cannot read it: Could not find file", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void AnIncludeLoopIsRefusedWhereItCloses()
    {
        using var dir = new TempDirectory();
        string main = dir.File("main.zone");
        File.WriteAllText(main, Head + "$INCLUDE a.inc\n");
        File.WriteAllText(dir.File("a.inc"), "a A 192.0.2.10\n$INCLUDE b.inc\n");
        File.WriteAllText(dir.File("b.inc"), "b A 192.0.2.11\n$INCLUDE a.inc\n");
        var e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(main));
        Assert.Equal($"{dir.File("b.inc")}:2:10: $INCLUDE of 'a.inc' makes a loop: that file is already being read (main.zone includes a.inc includes b.inc)", Assert.Single(e.Errors).ToString());

        File.WriteAllText(main, Head + "$INCLUDE main.zone\n");
        e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(main));
        Assert.Equal($"{main}:5:10: $INCLUDE of 'main.zone' makes a loop: that file is already being read (main.zone)", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void IncludesNestOnlySoDeep()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("main.zone"), Head + "$INCLUDE 1.inc\n");
        for (int i = 1; i <= 4; i++)
            File.WriteAllText(dir.File($"{i}.inc"), $"h{i} A 192.0.2.{i}\n$INCLUDE {i + 1}.inc\n");
        File.WriteAllText(dir.File("5.inc"), "h5 A 192.0.2.5\n");
        Assert.Equal(8, ZoneFile.Parse(dir.File("main.zone")).Records.Count);
        var e = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse(dir.File("main.zone"), null, new ZoneFileOptions { MaxIncludeDepth = 3 }));
        Assert.Equal($"{dir.File("3.inc")}:2:10: $INCLUDE of '4.inc' nests deeper than 3 files", Assert.Single(e.Errors).ToString());
    }
}
