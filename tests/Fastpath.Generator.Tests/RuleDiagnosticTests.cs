using Microsoft.CodeAnalysis;

namespace Fastpath.Generator.Tests;

/// <summary>The rule-set diagnostics FP0022–FP0026, each from a minimal declaration, at the mistake.</summary>
public class RuleDiagnosticTests
{
    /// <summary>The IDs this class tests, each in a test below.</summary>
    public static readonly string[] Covered = ["FP0022", "FP0023", "FP0024", "FP0025", "FP0026"];

    private const string Prefix = """
        using System;
        using Fastpath;
        using Fastpath.Headers;

        namespace Tests.RuleDiagnostics;

        """;

    private static Diagnostic Single(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + source);
        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic[] found = run.Diagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(found.Length == 1, $"{id} reported {found.Length} times:\n{GeneratorHarness.Describe(run.Diagnostics)}");
        return found[0];
    }

    private static string At(Diagnostic d, string source) =>
        (Prefix + source).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    [Fact]
    public void OpaqueConditionIsAnInfoAtTheRule()
    {
        const string source = """
            [Rules(typeof(StandardPacket))]
            public partial struct R
            {
                [Rule] static bool Big(in StandardPacket p) => p.Payload.Length > 100;
                [Action(nameof(Big))] static Verdict Act(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
            }
            """;
        Diagnostic d = Single("FP0022", source);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal("Big", At(d, source));
        Assert.Contains("p.Payload.Length > 100", d.GetMessage());
    }

    [Theory]
    [InlineData("[Rule] bool NotStatic(in StandardPacket p) => p.HasUdp; [Action(nameof(NotStatic))] static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;", "NotStatic")]
    [InlineData("[Rule] static bool R1(in StandardPacket p) => p.HasUdp; [Action(nameof(R1))] static int A(ref StandardPacket p, PacketBuffer b) => 0;", "Action(nameof(R1))")]
    [InlineData("[Rule] static bool R1(in StandardPacket p) => p.HasUdp;", "R1")]
    [InlineData("[Rule] static bool R1(in StandardPacket p) => p.HasUdp; [Action(nameof(R1))] static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Drop; [Action(\"Missing\")] static Verdict B(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;", "Action(\"Missing\")")]
    public void BadShapesAreErrorsAtTheMethod(string members, string located)
    {
        string source = "[Rules(typeof(StandardPacket))] public partial struct R { " + members + " }";
        Diagnostic d = Single("FP0023", source);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(located, At(d, source));
    }

    [Fact]
    public void ShadowedRuleIsAWarningAtTheLowerRule()
    {
        const string source = """
            [Rules(typeof(StandardPacket))]
            public partial struct R
            {
                [Rule(Priority = 10)] static bool AnyUdp(in StandardPacket p) => p.HasUdp;
                [Action(nameof(AnyUdp))] static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
                [Rule(Priority = 5)] static bool Dns(in StandardPacket p) => p.HasUdp && p.Udp.DestinationPort == 53;
                [Action(nameof(Dns))] static Verdict B(ref StandardPacket p, PacketBuffer b) => Verdict.Transmit;
            }
            """;
        Diagnostic d = Single("FP0024", source);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Rule(Priority = 5)", At(d, source));
    }

    [Fact]
    public void EqualPrioritiesThatOverlapWarnButHeadersThatExcludeEachOtherDoNot()
    {
        const string source = """
            [Rules(typeof(StandardPacket))]
            public partial struct R
            {
                [Rule(Priority = 5)] static bool Udp(in StandardPacket p) => p.HasUdp && p.Udp.DestinationPort == 53;
                [Action(nameof(Udp))] static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
                [Rule(Priority = 5)] static bool Tcp(in StandardPacket p) => p.HasTcp && p.Tcp.DestinationPort == 53;
                [Action(nameof(Tcp))] static Verdict B(ref StandardPacket p, PacketBuffer b) => Verdict.Transmit;
                [Rule(Priority = 5)] static bool V4(in StandardPacket p) => p.HasIpv4;
                [Action(nameof(V4))] static Verdict C(ref StandardPacket p, PacketBuffer b) => Verdict.SlowPath;
            }
            """;
        // UDP and TCP never meet in one packet; IPv4 and TCP do.
        Diagnostic d = Single("FP0025", source);
        Assert.Equal("Rule(Priority = 5)] static bool V4".Split(']')[0], At(d, source));
        Assert.Contains("'Udp' and 'V4'", d.GetMessage());
    }

    [Theory]
    [InlineData("public partial struct R", "[Police(CommittedRate = 0, CommittedBurst = 100)]", "CommittedRate 0")]
    [InlineData("public partial struct R", "[Police(CommittedRate = 10, CommittedBurst = 0, ExcessBurst = 0)]", "RFC 2697")]
    [InlineData("public partial struct R", "[Police(CommittedRate = 10, CommittedBurst = 100, PeakRate = 5, PeakBurst = 100)]", "RFC 2698")]
    [InlineData("public partial struct R", "[Police(CommittedRate = 10, CommittedBurst = 100, ExcessBurst = 5, PeakRate = 20, PeakBurst = 100)]", "one set")]
    [InlineData("public readonly partial struct R", "[Police(CommittedRate = 10, CommittedBurst = 100)]", "cannot be readonly")]
    public void PoliceParametersAreCheckedAtBuildTime(string declaration, string police, string message)
    {
        string source = "[Rules(typeof(StandardPacket))] " + declaration + " { [Rule] static bool U(in StandardPacket p) => p.HasUdp; [Action(nameof(U))] " + police
            + " static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Transmit; }";
        Diagnostic d = Single("FP0023", source);
        Assert.Equal(police[1..^1], At(d, source));
        Assert.Contains(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[Rules(typeof(StandardPacket))] public ref partial struct R { }", "R")]
    [InlineData("[Rules(typeof(string))] public partial struct R { }", "Rules(typeof(string))")]
    public void RuleSetShapeIsChecked(string source, string located)
    {
        Diagnostic d = Single("FP0026", source);
        Assert.Equal(located, At(d, source));
    }
}

/// <summary>The emitted rule dispatch: the decision tree as labelled nodes, and the ordered scan beside it.</summary>
public class RuleSnapshotTests
{
    private const string Source = """
        using Fastpath;
        using Fastpath.Headers;

        namespace Tests.RuleSnapshot;

        [Rules(typeof(StandardPacket), Default = VerdictKind.Transmit)]
        public partial struct Filter
        {
            [Rule(Priority = 100)] static bool IsArp(in StandardPacket p) => p.HasArp;
            [Action(nameof(IsArp))] static Verdict Slow(ref StandardPacket p, PacketBuffer b) => Verdict.SlowPath;

            [Rule(Priority = 50)] static bool Web(in StandardPacket p) => p.Tcp.DestinationPort == 80 || p.Tcp.DestinationPort == 443;
            [Action(nameof(Web))] static Verdict ToWeb(ref StandardPacket p, PacketBuffer b) => Verdict.Forward(1);

            [Rule(Priority = 40)] static bool Dns(in StandardPacket p) => p.HasUdp && p.Udp.DestinationPort == 53;
            [Action(nameof(Dns))] static Verdict ToDns(ref StandardPacket p, PacketBuffer b) => Verdict.Forward(2);

            [Rule(Priority = 30)] static bool Expedited(in StandardPacket p) => (p.Ipv4.Dscp & 0x38) == 0x28;
            [Action(nameof(Expedited))] static Verdict Mark(ref StandardPacket p, PacketBuffer b) => Verdict.Continue;

            [Rule(Priority = 10)] static bool Expiring(in StandardPacket p) => p.Ipv4.IsValid && p.Ipv4.Ttl <= 1;
            [Action(nameof(Expiring))] static Verdict Expire(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
        }
        """;

    [Fact]
    public void DecisionTreeAndScan()
    {
        GeneratorRun run = GeneratorHarness.RunValid(Source);
        SnapshotAssert.Matches("Rules.Filter", run.Source("Tests.RuleSnapshot.Filter.Rules.g.cs"));
    }
}
