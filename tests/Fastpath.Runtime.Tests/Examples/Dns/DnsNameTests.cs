using Fastpath.Examples.Dns.Zones;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>Domain names: presentation text in and out, escapes, the 63/255 limits, case folding, canonical order.</summary>
public class DnsNameTests
{
    private static readonly DnsName Origin = DnsName.Parse("example.com.");

    [Theory]
    [InlineData("www", "www.example.com.")]
    [InlineData("www.example.com.", "www.example.com.")]
    [InlineData("@", "example.com.")]
    [InlineData(".", ".")]
    [InlineData("a.b", "a.b.example.com.")]
    [InlineData("*.wild", "*.wild.example.com.")]
    [InlineData("WwW.Example.COM.", "WwW.Example.COM.")]
    [InlineData(@"a\.b", @"a\.b.example.com.")]
    [InlineData(@"\065bc", "Abc.example.com.")]
    [InlineData(@"sp\ ace", @"sp\032ace.example.com.")]
    [InlineData(@"\000\255", @"\000\255.example.com.")]
    [InlineData(@"semi\;colon", @"semi\;colon.example.com.")]
    [InlineData(@"q\""uote", @"q\""uote.example.com.")]
    [InlineData(@"back\\slash", @"back\\slash.example.com.")]
    [InlineData("é", @"\195\169.example.com.")]
    public void ParsesPresentationTextRelativeToTheOrigin(string text, string expected)
    {
        DnsName name = DnsName.Parse(text, Origin);
        Assert.Equal(expected, name.ToString());
        // The printed form reads back as the same bytes, case included.
        Assert.True(DnsName.Parse(name.ToString()).Wire.SequenceEqual(name.Wire));
    }

    [Fact]
    public void WireFormatHoldsLengthPrefixedLabelsAndTheRootByte()
    {
        DnsName name = DnsName.Parse(@"a\.b.Example.", null);
        Assert.Equal([3, (byte)'a', (byte)'.', (byte)'b', 7, .. "Example"u8, 0], name.Wire.ToArray());
        Assert.Equal([3, (byte)'a', (byte)'.', (byte)'b', 7, .. "example"u8, 0], name.FoldedWire.ToArray());
        Assert.Equal(13, name.Length);
        Assert.Equal(2, name.LabelCount);
        Assert.Equal("a.b"u8.ToArray(), name.Label(0).ToArray());
        Assert.Equal("Example"u8.ToArray(), name.Label(1).ToArray());
        Assert.Equal([0], DnsName.Root.Wire.ToArray());
        Assert.True(DnsName.Root.IsRoot);
        Assert.Equal(0, DnsName.Root.LabelCount);
    }

    [Fact]
    public void WithoutAnOriginARelativeNameIsTakenFromTheRoot()
    {
        Assert.Equal("example.com.", DnsName.Parse("example.com").ToString());
        Assert.Equal("example.com.", DnsName.Parse("example.com", null).ToString());
    }

    [Fact]
    public void EqualityAndHashIgnoreAsciiCaseOnly()
    {
        DnsName mixed = DnsName.Parse("WWW.Example.COM.");
        DnsName lower = DnsName.Parse("www.example.com.");
        Assert.True(mixed.Equals(lower));
        Assert.Equal(lower.GetHashCode(), mixed.GetHashCode());
        Assert.Equal(mixed.GetHashCode(), DnsName.GetFoldedHashCode(lower.Wire));
        Assert.Equal("WWW.Example.COM.", mixed.ToString());
        Assert.True(mixed.FoldedWire.SequenceEqual(lower.Wire));
        // Only A-Z fold (RFC 4343 §3): \196 (Ä's first byte in Latin-1) and \228 stay different.
        Assert.False(DnsName.Parse(@"\196.example.").Equals(DnsName.Parse(@"\228.example.")));
        Assert.False(DnsName.Parse("www.example.com.").Equals(DnsName.Parse("www.example.org.")));
    }

    [Fact]
    public void FoldCaseLowersOnlyAsciiLettersInPlace()
    {
        byte[] wire = [3, (byte)'A', (byte)'z', 0xC4, 2, (byte)'@', (byte)'[', 0];
        DnsName.FoldCase(wire, wire);
        Assert.Equal([3, (byte)'a', (byte)'z', 0xC4, 2, (byte)'@', (byte)'[', 0], wire);
    }

    [Fact]
    public void LabelsOfSixtyThreeBytesAndNamesOfTwoHundredFiftyFiveAreTheLimits()
    {
        string label63 = new('a', 63);
        Assert.Equal(63, DnsName.Parse(label63 + ".").Label(0).Length);
        Assert.False(DnsName.TryParse(label63 + "a.", null, out _, out string error));
        Assert.Equal($"the label '{label63}a' is longer than 63 bytes", error);
        // An escape counts as the one byte it stands for.
        Assert.True(DnsName.TryParse(string.Concat(Enumerable.Repeat(@"\046", 63)) + ".", null, out DnsName? escaped, out _));
        Assert.Equal(63, escaped.Label(0).Length);

        // 4 length bytes + 63 + 63 + 63 + 61 + the root byte = 255.
        string longest = $"{label63}.{label63}.{label63}.{new string('b', 61)}.";
        Assert.Equal(255, DnsName.Parse(longest).Length);
        Assert.False(DnsName.TryParse($"{label63}.{label63}.{label63}.{new string('b', 62)}.", null, out _, out error));
        Assert.StartsWith("the name '", error);
        Assert.EndsWith("' is longer than 255 bytes in wire format", error);
        // A relative name can fit alone and overflow once the origin is added.
        Assert.False(DnsName.TryParse($"{label63}.{label63}.{label63}.{new string('b', 50)}", Origin, out _, out error));
        Assert.EndsWith("is longer than 255 bytes in wire format", error);
    }

    [Theory]
    [InlineData("a..b", "an empty label (two dots at position 3)")]
    [InlineData(".a", "a name cannot start with '.' (only the root is '.')")]
    [InlineData("", "the name is empty")]
    [InlineData(@"ab\", @"a '\' at the end of the name escapes nothing")]
    [InlineData(@"a\25x", @"'\25x' is not a \DDD escape (three decimal digits)")]
    [InlineData(@"a\25", @"'\25' is not a \DDD escape (three decimal digits)")]
    [InlineData(@"a\256", @"'\256' is not a byte (\DDD is 000 to 255)")]
    public void BadNamesSayWhatIsWrong(string text, string expected)
    {
        Assert.False(DnsName.TryParse(text, Origin, out DnsName? name, out string error));
        Assert.Null(name);
        Assert.Equal(expected, error);
        FormatException e = Assert.Throws<FormatException>(() => DnsName.Parse(text, Origin));
        Assert.Equal($"'{text}': {expected}", e.Message);
    }

    [Fact]
    public void ParentSuffixChildAndAncestry()
    {
        DnsName name = DnsName.Parse("a.b.example.com.");
        Assert.Equal("b.example.com.", name.Parent!.ToString());
        Assert.Null(DnsName.Root.Parent);
        Assert.Equal("example.com.", name.Suffix(2).ToString());
        Assert.Same(name, name.Suffix(4));
        Assert.Same(DnsName.Root, name.Suffix(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => name.Suffix(5));

        DnsName wildcard = DnsName.Parse("example.com.").Child("*"u8);
        Assert.Equal("*.example.com.", wildcard.ToString());
        Assert.True(wildcard.IsWildcard);
        Assert.False(name.IsWildcard);
        Assert.False(DnsName.Parse("*a.example.").IsWildcard);
        Assert.Throws<ArgumentException>(() => name.Child(new byte[64]));
        Assert.Throws<ArgumentException>(() => name.Child([]));

        Assert.True(name.IsAtOrBelow(DnsName.Parse("EXAMPLE.com.")));
        Assert.True(name.IsAtOrBelow(name));
        Assert.True(name.IsAtOrBelow(DnsName.Root));
        Assert.False(name.IsAtOrBelow(DnsName.Parse("b.example.org.")));
        Assert.False(DnsName.Parse("xexample.com.").IsAtOrBelow(DnsName.Parse("example.com.")));
        Assert.False(DnsName.Parse("example.com.").IsAtOrBelow(name));
    }

    [Fact]
    public void CanonicalOrderIsRfc4034Section61()
    {
        // The example list of RFC 4034 §6.1, in order.
        string[] ordered = ["example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.", @"\001.z.example.", "*.z.example.", @"\200.z.example."];
        List<DnsName> names = [.. ordered.Select(n => DnsName.Parse(n))];
        var shuffled = names.OrderBy(n => n.GetHashCode()).Reverse().ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(n => n.ToString()));
        Assert.Equal(0, DnsName.Parse("A.example.").CompareTo(DnsName.Parse("a.EXAMPLE.")));
        Assert.True(DnsName.Root.CompareTo(DnsName.Parse("example.")) < 0);
    }

    [Fact]
    public void FromWireTakesExactlyOneUncompressedName()
    {
        Assert.Equal("www.Example.", DnsName.FromWire([3, .. "www"u8, 7, .. "Example"u8, 0]).ToString());
        Assert.True(DnsName.FromWire([0]).IsRoot);
        Assert.Equal("a compression pointer where an uncompressed name was expected", Assert.Throws<FormatException>(() => DnsName.FromWire([0xC0, 12])).Message);
        Assert.Equal("a label length of 64 (the limit is 63)", Assert.Throws<FormatException>(() => DnsName.FromWire([64, .. new byte[64], 0])).Message);
        Assert.Equal("the name runs past the end of the data", Assert.Throws<FormatException>(() => DnsName.FromWire([3, 1, 2])).Message);
        Assert.Equal("1 bytes follow the name's root label", Assert.Throws<FormatException>(() => DnsName.FromWire([0, 0])).Message);
        byte[] tooLong = [.. Enumerable.Range(0, 5).SelectMany(_ => (byte[])[50, .. new byte[50]]), 0];
        Assert.Equal("the name is longer than 255 bytes", Assert.Throws<FormatException>(() => DnsName.FromWire(tooLong)).Message);
    }

    [Fact]
    public void ADictionaryOfNamesIsSearchedWithAFoldedWireSpanWithoutAllocating()
    {
        var names = new Dictionary<DnsName, int>(DnsNameComparer.Instance) { [DnsName.Parse("WWW.Example.com.")] = 1, [DnsName.Parse("mail.example.com.")] = 2 };
        var byWire = names.GetAlternateLookup<ReadOnlySpan<byte>>();
        byte[] query = [3, .. "wWw"u8, 7, .. "EXAMPLE"u8, 3, .. "com"u8, 0];
        byte[] other = [3, .. "ftp"u8, 7, .. "example"u8, 3, .. "com"u8, 0];
        var folded = new byte[DnsName.MaxLength];
        int found = 0;
        long allocated = AllocationProbe.SmallestOfThree(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                Span<byte> key = folded.AsSpan(0, query.Length);
                DnsName.FoldCase(query, key);
                if (byWire.TryGetValue(key, out int value) && value == 1)
                    found++;
                if (byWire.TryGetValue(other, out _))
                    found = -1_000_000;
            }
        });
        Assert.True(found >= 1000, $"found {found}");
        Assert.Equal(0, allocated);
    }
}
