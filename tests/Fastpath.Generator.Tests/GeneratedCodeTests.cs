using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fastpath.Generator.Tests;

/// <summary>Generated code compiled, loaded and run on real bytes: snapshots show the text, these show it does the right thing.</summary>
public class GeneratedCodeTests
{
    private static readonly Lazy<Type> s_oddProbe = new(() => LoadProbe(TestSources.OddLayout, TestSources.OddLayoutProbe, "Tests.Odd.Probe"));
    private static readonly Lazy<Type> s_customProbe = new(() => LoadProbe(TestSources.CustomGraph, TestSources.CustomGraphProbe, "Tests.Custom.Probe"));

    // The same built with <CheckForOverflowUnderflow>: generated code must not throw there either.
    private static readonly Lazy<Type> s_checkedCustomProbe = new(() =>
        LoadProbe(TestSources.CustomGraph, TestSources.CustomGraphProbe, "Tests.Custom.Probe", checkOverflow: true));
    private static readonly Lazy<Type> s_checkedOddProbe = new(() =>
        LoadProbe(TestSources.OddLayout, TestSources.OddLayoutProbe, "Tests.Odd.Probe", checkOverflow: true));
    private static readonly Lazy<Type> s_wideProbe = new(() => LoadProbe(TestSources.WideLengths, TestSources.WideLengthsProbe, "Tests.Wide.Probe", checkOverflow: true));

    [Fact]
    public void OddLayoutReadsEveryWidthAndOrder()
    {
        byte[] data = Convert.FromHexString(
            "3412" + "44332211" + "0807060504030201" + // little-endian 16, 32, 64
            "ABCDEF" + "112233445566" +                // 3- and 6-byte big-endian
            "F800" + "FFFE" + "80" +                   // nibble -1 and twelve bits -2048, then -2 and -128
            "010203040506" + "AABB" +                  // byte spans
            "FFFFFFFFFF");                             // 5 bits of padding, then a 35-bit -1
        Assert.Equal(
            "1234 11223344 102030405060708 ABCDEF 112233445566 -1 -2048 -2 -128 010203040506 AABB 31 -1",
            Call(s_oddProbe.Value, "Read", data));
        Assert.Equal("short", Call(s_oddProbe.Value, "Read", data[..^1]));
    }

    [Theory]
    [InlineData(-5L, (sbyte)-8, (short)2047)]
    [InlineData(17179869183L, (sbyte)7, (short)-2048)]
    [InlineData(-17179869184L, (sbyte)0, (short)-1)]
    public void OddLayoutWritesRoundTripAndLeaveNeighboursAlone(long wide35, sbyte nibble, short twelve)
    {
        var data = (byte[])s_oddProbe.Value.GetMethod("Write")!.Invoke(null, [41, wide35, nibble, twelve])!;
        Assert.Equal("3412" + "44332211" + "0807060504030201" + "ABCDEF" + "112233445566", Convert.ToHexString(data, 0, 23));
        // SignedByte, Token and Trailer have no setter: they keep the 0xA5 filler.
        Assert.Equal(
            $"1234 11223344 102030405060708 ABCDEF 112233445566 {nibble} {twelve} -2 -91 A5A5A5A5A5A5 A5A5 31 {wide35}",
            Call(s_oddProbe.Value, "Read", data));
    }

    [Theory]
    [InlineData("80000035", "accepted Keepalive payload 0")]
    [InlineData("80130001" + "00060005" + "AABB" + "CCCCCC", "accepted 19 body offset 5 payload 2")]
    [InlineData("801F0001" + "00047FFF", "accepted 31 body offset 32767 payload 0")]
    [InlineData("80100001" + "0004FFFF", "rejected Rejected at Body")]
    [InlineData("80100001" + "0004FFFE", "rejected Rejected at Body")]
    [InlineData("80100001" + "00030000", "rejected BadLength at Body")]
    [InlineData("80100001" + "00090000", "rejected BadLength at Body")]
    [InlineData("80400001", "rejected Rejected at Tunnel")]
    [InlineData("80050001", "rejected Rejected at Tunnel")]
    [InlineData("40000001", "rejected BadVersion at Tunnel")]
    [InlineData("8000", "rejected Truncated at Tunnel")]
    [InlineData("80250001" + "81FE" + "80000000" + "0101000000000000" + "99", "accepted 37 control delta -2 option 80/4 option 01/8 payload 1")]
    [InlineData("80250001" + "01FE" + "80000000", "accepted 37 control delta -2 payload 4")]
    [InlineData("80250001" + "81FE" + "80000000" + "80000000" + "80000000" + "80000000", "rejected StackOverflow at TunnelOption")]
    [InlineData("80250001" + "81FE" + "0105000000000000", "rejected Truncated at TunnelOption")]
    public void CustomGraphFollowsMaskedRangeSignedAndStackedTransitions(string hex, string expected)
    {
        Assert.Equal(expected, Call(s_customProbe.Value, "Parse", Convert.FromHexString(hex)));
        Assert.Equal(expected, Call(s_checkedCustomProbe.Value, "Parse", Convert.FromHexString(hex)));
    }

    [Fact]
    public void OddLayoutRunsInACheckedContext()
    {
        byte[] data = (byte[])s_checkedOddProbe.Value.GetMethod("Write")!.Invoke(null, [41, -5L, (sbyte)-8, (short)-2048])!;
        Assert.EndsWith("-8 -2048 -2 -91 A5A5A5A5A5A5 A5A5 31 -5", Call(s_checkedOddProbe.Value, "Read", data));
    }

    [Theory]
    [InlineData("00000003" + "00000010" + "11223344" + "0000" + "AABB" + "CCDD", "accepted 12+2 payload 2")]
    [InlineData("00000003" + "00000014" + "11223344" + "0100EEFF" + "AABBCCDD", "accepted 12+4 payload 4")]
    [InlineData("40000003" + "00000010" + "0000" + "AABBCCDD", "rejected Truncated at Wide")]
    [InlineData("FFFFFFFF" + "00000010" + "0000" + "AABBCCDD", "rejected Truncated at Wide")]
    [InlineData("00000003" + "80000010" + "0000" + "AABBCCDD", "rejected BadLength at Wide")]
    [InlineData("00000003" + "00000008" + "0000" + "AABBCCDD", "rejected BadLength at Wide")]
    [InlineData("00000001" + "00000010" + "0000" + "AABBCCDD", "rejected BadLength at Wide")]
    public void WideLengthFieldsNeverWrap(string hex, string expected) =>
        Assert.Equal(expected, Call(s_wideProbe.Value, "Parse", Convert.FromHexString(hex)));

    [Theory]
    [InlineData("00000003" + "00000010" + "0000" + "AABBCCDD", "view 12")]
    [InlineData("40000003" + "00000010" + "0000" + "AABBCCDD", "no view")]
    [InlineData("FFFFFFFF" + "00000010", "no view")]
    public void WideLengthFieldsNeverWrapInTryCreate(string hex, string expected) =>
        Assert.Equal(expected, Call(s_wideProbe.Value, "Create", Convert.FromHexString(hex)));

    /// <summary>A parser over headers from a referenced assembly (the runtime's) reads them as the runtime's own build does.</summary>
    [Fact]
    public void ParserOverReferencedHeadersMatchesTheStandardPacket()
    {
        string standard = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "src", "Runtime", "Headers", "StandardPacket.cs"));
        string mine = standard
            .Replace("namespace Fastpath.Headers;", "using Fastpath;\nusing Fastpath.Headers;\n\nnamespace Tests.Referenced;")
            .Replace("struct StandardPacket", "struct StandardPacket2");
        GeneratorRun run = GeneratorHarness.RunValid(mine);

        // Only the parser is generated here: the headers come from Fastpath.Runtime.dll.
        Assert.Equal(["Tests.Referenced.StandardPacket2.g.cs"], run.Sources.Keys);
        string expected = File.ReadAllText(Path.Combine(GeneratorHarness.ProjectDirectory(), "Snapshots", "Standard.StandardPacket.verified.cs"));
        string actual = SnapshotAssert.Scrub(run.Source("Tests.Referenced.StandardPacket2.g.cs"))
            .Replace("namespace Tests.Referenced", "namespace Fastpath.Headers")
            .Replace("StandardPacket2", "StandardPacket");
        Assert.True(SnapshotAssert.Normalize(expected) == actual, SnapshotAssert.FirstDifference(SnapshotAssert.Normalize(expected), actual));
    }

    [Fact]
    public void ParserOverReferencedAndOwnHeadersRuns()
    {
        const string source = """
            using System;
            using Fastpath;
            using Fastpath.Headers;

            namespace Tests.Mixed;

            [Header]
            public readonly ref partial struct Beacon
            {
                [Bits(16)] public partial ushort Sequence { get; set; }
            }

            [Parser(typeof(Ethernet))]
            [Select(typeof(Ethernet), nameof(Ethernet.EtherType), 0x88B5, typeof(Beacon))]
            [Default(typeof(Ethernet), typeof(Reject))]
            public ref partial struct BeaconPacket
            {
            }

            public static class Probe
            {
                public static string Parse(byte[] frame) =>
                    BeaconPacket.TryParse(frame, out BeaconPacket p) ? $"beacon {p.Beacon.Sequence} from {p.Ethernet.Source}" : $"rejected {p.Error} at {p.ErrorLayer}";
            }
            """;
        Type probe = GeneratorHarness.Load(GeneratorHarness.RunValid(source)).GetType("Tests.Mixed.Probe")!;
        Assert.Equal("beacon 258 from 02:00:00:00:00:01", Call(probe, "Parse", Convert.FromHexString("ffffffffffff020000000001" + "88b5" + "0102")));
        Assert.Equal("rejected Rejected at Ethernet", Call(probe, "Parse", Convert.FromHexString("ffffffffffff020000000001" + "0800" + "0102")));
    }

    private static Type LoadProbe(string declarations, string probe, string typeName, bool checkOverflow = false)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile([GeneratorHarness.Parse(declarations), GeneratorHarness.Parse(probe, "/test/Probe.cs")]);
        GeneratorRun run = GeneratorHarness.RunValid(compilation.WithOptions(compilation.Options.WithOverflowChecks(checkOverflow)));
        return GeneratorHarness.Load(run).GetType(typeName, throwOnError: true)!;
    }

    private static string Call(Type probe, string method, byte[] data) =>
        (string)probe.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [data])!;
}
