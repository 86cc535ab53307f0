using Microsoft.CodeAnalysis;

namespace Fastpath.Generator.Tests;

/// <summary>The table diagnostics FP0027–FP0029, each at the mistake, and the emitted table and rules-with-a-table as snapshots.</summary>
public class TableGeneratorTests
{
    /// <summary>The IDs this class tests, each in a test below.</summary>
    public static readonly string[] Covered = ["FP0027", "FP0028", "FP0029"];

    private const string Prefix = """
        using System;
        using Fastpath;
        using Fastpath.Headers;
        using Fastpath.Tables;

        namespace Tests.Tables;

        """;

    private const string Acl = """
        [Table(typeof(StandardPacket), Size = 512, Counters = true)]
        public sealed partial class Acl
        {
            [Key(MatchKind.Ternary)] static Ipv4Address Source(in StandardPacket p) => p.Ipv4.Source;
            [Key(MatchKind.Lpm)] static Ipv4Address Destination(in StandardPacket p) => p.Ipv4.Destination;
            [Key(MatchKind.Range)] static ushort Port(in StandardPacket p) => p.Tcp.DestinationPort;
            [Key(MatchKind.Optional)] static IpProtocol Protocol(in StandardPacket p) => p.Ipv4.Protocol;
            [Key(MatchKind.Exact)] static bool Fragment(in StandardPacket p) => p.Ipv4.MoreFragments;

            [TableAction] static Verdict Permit(ref StandardPacket p, PacketBuffer b, ushort port, byte dscp) => Verdict.Forward(port);
            [TableAction(Default = true)] static Verdict Deny(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
        }

        [Rules(typeof(StandardPacket))]
        public partial struct Firewall
        {
            public Acl.Reader Rules;
            public Tests.Tables.Acl.Reader Qualified;

            [Rule] static bool IsIp(in StandardPacket p) => p.HasIpv4;
            [Action(nameof(IsIp))] readonly Verdict Check(ref StandardPacket p, PacketBuffer b) => Rules.Apply(ref p, b);
        }
        """;

    private static Diagnostic Single(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + source);
        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic[] found = run.Diagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(found.Length == 1, $"{id} reported {found.Length} times:\n{GeneratorHarness.Describe(run.Diagnostics)}");
        Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
        return found[0];
    }

    private static string At(Diagnostic d, string source) =>
        (Prefix + source).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    [Fact]
    public void TableAndRulesThatReadIt()
    {
        GeneratorRun run = GeneratorHarness.RunValid(Prefix + Acl);
        SnapshotAssert.Matches("Table.Acl", run.Source("Tests.Tables.Acl.Table.g.cs"));
        string rules = run.Source("Tests.Tables.Firewall.Rules.g.cs");
        // Both spellings of the reader's type are found and refreshed once per burst.
        Assert.Contains("Rules.Refresh();", rules);
        Assert.Contains("Qualified.Refresh();", rules);
    }

    private const string Actions = """
            [TableAction] static Verdict Hit(ref StandardPacket p, PacketBuffer b) => Verdict.Transmit;
            [TableAction(Default = true)] static Verdict Miss(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;
        """;

    [Theory]
    [InlineData("[Table(typeof(StandardPacket))] public partial struct T { }", "T", "partial class")]
    [InlineData("[Table(typeof(string))] public partial class T { }", "Table(typeof(string))", "[Parser]")]
    [InlineData("[Table(typeof(StandardPacket), Size = 0)] public partial class T { [Key(MatchKind.Exact)] static ushort K(in StandardPacket p) => 0;" + Actions + " }", "Table(typeof(StandardPacket), Size = 0)", "Size = 0")]
    [InlineData("[Table(typeof(StandardPacket))] public partial class T { " + Actions + " }", "T", "no [Key]")]
    [InlineData("[Table(typeof(StandardPacket))] public partial class T { [Key(MatchKind.Exact)] static ushort K(in StandardPacket p) => 0; [TableAction] static Verdict Hit(ref StandardPacket p, PacketBuffer b) => Verdict.Drop; }", "T", "Default = true")]
    [InlineData("[Table(typeof(StandardPacket))] public partial class T { [Key(MatchKind.Ternary)] static Ipv6Address A(in StandardPacket p) => p.Ipv6.Source; [Key(MatchKind.Ternary)] static ushort B(in StandardPacket p) => 0;" + Actions + " }", "T", "144 bits")]
    public void TableShapeIsChecked(string source, string located, string message)
    {
        Diagnostic d = Single("FP0027", source);
        Assert.Equal(located, At(d, source));
        Assert.Contains(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[Key(MatchKind.Exact)] ushort K(in StandardPacket p) => 0;", "K", "static T K(in StandardPacket p)")]
    [InlineData("[Key(MatchKind.Exact)] static string K(in StandardPacket p) => \"\";", "K", "cannot be a key")]
    [InlineData("[Key(MatchKind.Lpm)] static uint K(in StandardPacket p) => 0;", "K", "LPM keys are Ipv4Address or Ipv6Address")]
    [InlineData("[Key(MatchKind.Range)] static int K(in StandardPacket p) => 0;", "K", "signed")]
    [InlineData("[Key(MatchKind.Range)] static Ipv6Address K(in StandardPacket p) => default;", "K", "at most 64 bits")]
    public void KeysAreChecked(string key, string located, string message)
    {
        string source = "[Table(typeof(StandardPacket))] public partial class T { " + key + Actions + " }";
        Diagnostic d = Single("FP0028", source);
        Assert.Equal(located, At(d, source));
        Assert.Contains(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[TableAction] static int A(ref StandardPacket p, PacketBuffer b) => 0;", "A", "static Verdict A(ref StandardPacket p, PacketBuffer buffer")]
    [InlineData("[TableAction] static Verdict A(ref StandardPacket p, PacketBuffer b, string name) => Verdict.Drop;", "A", "parameter 'name'")]
    [InlineData("[TableAction] static Verdict A(ref StandardPacket p, PacketBuffer b, ref int n) => Verdict.Drop;", "A", "parameter 'n'")]
    [InlineData("[TableAction(Default = true)] static Verdict A(ref StandardPacket p, PacketBuffer b, int n) => Verdict.Drop;", "A", "takes no parameters")]
    [InlineData("[TableAction(Default = true)] static Verdict A(ref StandardPacket p, PacketBuffer b) => Verdict.Drop;", "A", "already the default")]
    public void ActionsAreChecked(string action, string located, string message)
    {
        string source = "[Table(typeof(StandardPacket))] public partial class T { [Key(MatchKind.Exact)] static ushort K(in StandardPacket p) => 0; "
            + "[TableAction(Default = true)] static Verdict Miss(ref StandardPacket p, PacketBuffer b) => Verdict.Drop; " + action + " }";
        Diagnostic d = Single("FP0029", source);
        Assert.Equal(located, At(d, source));
        Assert.Contains(message, d.GetMessage());
    }

    [Fact]
    public void AReaderInAReadonlyStructCouldNeverRefresh()
    {
        string source = Acl.Replace("public partial struct Firewall", "public readonly partial struct Firewall").Replace("public Acl.Reader Rules;", "public readonly Acl.Reader Rules;").Replace("public Tests.Tables.Acl.Reader Qualified;", "");
        GeneratorRun run = GeneratorHarness.Run(Prefix + source);
        Diagnostic d = Assert.Single(run.Diagnostics, d => d.Id == "FP0023");
        Assert.Equal("Rules", At(d, source));
        Assert.Contains("readonly", d.GetMessage());
    }
}
