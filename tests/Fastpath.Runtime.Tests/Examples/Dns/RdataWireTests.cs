using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>
/// RDATA to wire bytes for every type the reader knows, against the bytes Knot DNS 3.2 serves for the same text (read once
/// by hand with <c>kdig +generic</c> over an AXFR from knotd loaded with the feature zone), and the parts a responder may compress.
/// </summary>
public class RdataWireTests
{
    private static readonly DnsName Origin = DnsName.Parse("feature.example.");

    // A zone holding the record under test, owned by "r" (or the apex for an SOA, which must be there).
    private static ResourceRecord Read(string record)
    {
        bool soa = record.StartsWith("SOA ", StringComparison.Ordinal);
        Zone zone = ZoneFile.ParseText(soa
            ? $"$ORIGIN feature.example.\n@ {record}\n@ NS ns1\n"
            : $"$ORIGIN feature.example.\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nr {record}\n", Origin, "wire.zone");
        return soa ? zone.Soa : zone.Records.Single(r => r.Owner.Equals(DnsName.Parse("r", Origin)));
    }

    [Theory]
    [InlineData("A 192.0.2.1", "C0000201")]
    [InlineData("AAAA 2001:db8::1", "20010DB8000000000000000000000001")]
    [InlineData("AAAA ::ffff:192.0.2.202", "00000000000000000000FFFFC00002CA")]
    [InlineData("NS ns1", "036E73310766656174757265076578616D706C6500")]
    [InlineData("CNAME web", "037765620766656174757265076578616D706C6500")]
    [InlineData("PTR www.feature.example.", "037777770766656174757265076578616D706C6500")]
    [InlineData("DNAME new.example.", "036E6577076578616D706C6500")]
    [InlineData("MX 10 mail", "000A046D61696C0766656174757265076578616D706C6500")]
    [InlineData("MX 20 mail.elsewhere.example.", "0014046D61696C09656C73657768657265076578616D706C6500")]
    [InlineData("SRV 10 60 5060 sip", "000A003C13C4037369700766656174757265076578616D706C6500")]
    [InlineData("SOA ns1 hostmaster.feature.example. ( 2024010101 2h 30m 2w 1d12h )",
        "036E73310766656174757265076578616D706C65000A686F73746D61737465720766656174757265076578616D706C650078A3F17500001C2000000708001275000001FA40")]
    [InlineData("TXT \"v=spf1 -all\"", "0B763D73706631202D616C6C")]
    [InlineData("TXT \"say \\\"hi\\\"\" \"semi\\;colon\" \"byte\\255\\032end\" bare words",
        "0873617920226869220A73656D693B636F6C6F6E0962797465FF20656E64046261726505776F726473")]
    [InlineData("TXT \"\"", "00")]
    [InlineData("HINFO \"Intel x86\" \"Debian GNU/Linux\"", "09496E74656C207838361044656269616E20474E552F4C696E7578")]
    [InlineData("CAA 0 issue \"ca.example.net\"", "0005697373756563612E6578616D706C652E6E6574")]
    [InlineData("CAA 128 iodef \"mailto:security@feature.example\"", "8005696F6465666D61696C746F3A736563757269747940666561747572652E6578616D706C65")]
    [InlineData("TYPE65280 \\# 4 0A0B0C0D", "0A0B0C0D")]
    [InlineData("TYPE65281 \\# 0", "")]
    [InlineData("CLASS1 TYPE1 \\# 4 C0000202", "C0000202")]
    public void WritesTheWireBytesKnotServes(string record, string hex)
    {
        ResourceRecord r = Read(record);
        Assert.Equal(hex, Convert.ToHexString(r.GetRdata()));
        Assert.Equal(hex.Length / 2, r.RdataLength);
        var buffer = new byte[r.RdataLength + 3];
        Assert.Equal(r.RdataLength, r.WriteRdata(buffer));
        Assert.Equal(hex, Convert.ToHexString(buffer, 0, r.RdataLength));
        if (r.RdataLength > 0)
            Assert.Throws<ArgumentException>(() => r.WriteRdata(new byte[r.RdataLength - 1]));

        // The same bytes given in the generic form are the same record, parts and all.
        ResourceRecord generic = Read($"{Mnemonics.ToText(r.Type)} \\# {r.RdataLength} {hex}");
        Assert.True(generic.RdataEquals(r), $"{generic} differs from {r}");
        Assert.Equal(r.Rdata.Select(p => (p.IsName, p.Compressible)), generic.Rdata.Select(p => (p.IsName, p.Compressible)));
        // And the text form printed reads back as the same record.
        Assert.True(Read($"{Mnemonics.ToText(r.Type)} {r.RdataToString()}").RdataEquals(r));
    }

    [Theory]
    [InlineData("NS ns1", "name+")]
    [InlineData("CNAME web", "name+")]
    [InlineData("PTR www", "name+")]
    [InlineData("MX 10 mail", "raw name+")]
    [InlineData("SOA ns1 hostmaster 1 2 3 4 5", "name+ name+ raw")]
    [InlineData("SRV 1 2 3 sip", "raw name")]      // RFC 2782: SRV targets are not compressed
    [InlineData("DNAME new.example.", "name")]     // RFC 6672 §2.5
    [InlineData("A 192.0.2.1", "raw")]
    [InlineData("TXT a b c", "raw")]
    [InlineData("CAA 0 issue \"x\"", "raw")]
    public void NamesAreSeparatePartsCompressibleOnlyForRfc1035Types(string record, string layout)
    {
        ResourceRecord r = Read(record);
        Assert.Equal(layout, string.Join(' ', r.Rdata.Select(p => p.IsName ? (p.Compressible ? "name+" : "name") : "raw")));
        Assert.All(r.Rdata.Where(p => p.IsName), p => Assert.True(p.Bytes.SequenceEqual(p.Name!.Wire)));
    }

    [Fact]
    public void RdataNamesKeepTheirCaseButCompareIgnoringIt()
    {
        ResourceRecord upper = Read("MX 10 MAIL.Feature.Example.");
        ResourceRecord lower = Read("MX 10 mail.feature.example.");
        Assert.Equal([0, 10, 4, .. "MAIL"u8, 7, .. "Feature"u8, 7, .. "Example"u8, 0], upper.GetRdata());
        Assert.True(upper.RdataEquals(lower));
        Assert.False(upper.RdataEquals(Read("MX 11 mail.feature.example.")));
        Assert.Equal("10 MAIL.Feature.Example.", upper.RdataToString());
    }

    [Fact]
    public void FromWireSplitsByTheTypesLayoutAndRefusesBytesThatDoNotFit()
    {
        DnsName owner = DnsName.Parse("x.example.");
        ResourceRecord mx = ResourceRecord.FromWire(owner, RecordType.MX, RecordClass.IN, 60, Convert.FromHexString("000A046D61696C00"));
        Assert.Equal("x.example. 60 IN MX 10 mail.", mx.ToString());
        Assert.Equal(2, mx.Rdata.Count);
        Assert.True(mx.Rdata[1].Compressible);

        Assert.Equal("the RDATA does not hold a valid A record: 3 bytes is too short",
            Assert.Throws<FormatException>(() => ResourceRecord.FromWire(owner, RecordType.A, RecordClass.IN, 60, [1, 2, 3])).Message);
        Assert.Equal("the RDATA does not hold a valid MX record: 1 bytes too many",
            Assert.Throws<FormatException>(() => ResourceRecord.FromWire(owner, RecordType.MX, RecordClass.IN, 60, Convert.FromHexString("000A0000"))).Message);
        Assert.Equal("the RDATA does not hold a valid NS record: at byte 0, a compression pointer where an uncompressed name was expected",
            Assert.Throws<FormatException>(() => ResourceRecord.FromWire(owner, RecordType.NS, RecordClass.IN, 60, [0xC0, 0x0C])).Message);
        Assert.Equal("the RDATA does not hold a valid TXT record: expected one or more character-strings",
            Assert.Throws<FormatException>(() => ResourceRecord.FromWire(owner, RecordType.TXT, RecordClass.IN, 60, [5, 1])).Message);
        Assert.Equal("the RDATA does not hold a valid HINFO record: expected exactly two character-strings",
            Assert.Throws<FormatException>(() => ResourceRecord.FromWire(owner, RecordType.HINFO, RecordClass.IN, 60, [1, 65])).Message);
        // Types without a layout here are opaque: anything goes, and prints in the generic form.
        ResourceRecord ds = ResourceRecord.FromWire(owner, RecordType.DS, RecordClass.IN, 60, [1, 2, 3]);
        Assert.Equal(@"x.example. 60 IN DS \# 3 010203", ds.ToString());
    }

    [Fact]
    public void RecordsAreImmutableValuesWithACappedRdataLength()
    {
        ResourceRecord r = Read("A 192.0.2.1");
        ResourceRecord longer = r.WithTtl(86400);
        Assert.Equal(86400u, longer.Ttl);
        Assert.NotEqual(86400u, r.Ttl);
        Assert.Same(r, r.WithTtl(r.Ttl));
        Assert.Equal("r.feature.example. 86400 IN A 192.0.2.1", longer.ToString());
        Assert.Throws<ArgumentException>(() => new ResourceRecord(r.Owner, RecordType.TXT, RecordClass.IN, 1, [RdataPart.FromBytes(new byte[65536])]));
        Assert.Equal(65535, new ResourceRecord(r.Owner, (RecordType)65000, RecordClass.IN, 1, [RdataPart.FromBytes(new byte[65535])]).RdataLength);
    }
}
