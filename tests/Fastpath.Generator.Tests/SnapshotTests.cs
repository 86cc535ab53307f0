namespace Fastpath.Generator.Tests;

/// <summary>
/// The generated source for each standard header and parse graph, compared with a checked-in snapshot: the point is to
/// see, in review, when the generated code stops reading like hand-written code.
/// </summary>
public class SnapshotTests
{
    // One run over the runtime's own sources, shared by every standard-header case: it is what the runtime build sees.
    private static readonly Lazy<GeneratorRun> s_standard = new(() =>
        GeneratorHarness.RunValid(GeneratorHarness.Compile(GeneratorHarness.RuntimeHeaderSources(), referenceRuntime: false)));

    private static readonly string[] s_standardNames =
    [
        "Ethernet", "Vlan", "Mpls", "Arp", "Ipv4", "Ipv6", "Ipv6Extension", "Ipv6Fragment",
        "Icmpv4", "Icmpv6", "NdpNeighbor", "Udp", "Tcp", "Dns", "Vxlan", "StandardPacket",
    ];

    public static TheoryData<string> StandardOutputs => new(s_standardNames);

    [Theory]
    [MemberData(nameof(StandardOutputs))]
    public void StandardHeader(string name) =>
        SnapshotAssert.Matches("Standard." + name, s_standard.Value.Source($"Fastpath.Headers.{name}.g.cs"));

    [Fact]
    public void EveryStandardOutputHasASnapshotCase()
    {
        var expected = s_standardNames.Select(name => $"Fastpath.Headers.{name}.g.cs").Order(StringComparer.Ordinal);
        Assert.Equal(expected, s_standard.Value.Sources.Keys.Order(StringComparer.Ordinal));
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The in-memory run sees what the build of src/Runtime in this configuration generated (it is built before these tests).</summary>
    [Fact]
    public void StandardOutputsMatchTheRuntimeBuild()
    {
        string obj = Path.Combine(GeneratorHarness.RepositoryRoot, "src", "Runtime", "obj", Configuration);
        string[] built = Directory.Exists(obj)
            ? Directory.GetFiles(obj, "Fastpath.Headers.*.g.cs", SearchOption.AllDirectories)
                .Where(f => f.Contains(Path.Combine("generated", "Fastpath.Generator", "Fastpath.Generator.FastpathGenerator"), StringComparison.Ordinal))
                .ToArray()
            : [];
        // EmitCompilerGeneratedFiles is on for every project, so a built runtime has all of them on disk.
        if (Directory.Exists(obj))
            Assert.Equal(s_standardNames.Length, built.Length);
        foreach (string file in built)
        {
            string inMemory = SnapshotAssert.Normalize(s_standard.Value.Source(Path.GetFileName(file)));
            string onDisk = SnapshotAssert.Normalize(File.ReadAllText(file));
            if (inMemory != onDisk)
                Assert.Fail($"{file} differs from the in-memory run. {SnapshotAssert.FirstDifference(onDisk, inMemory)}");
        }
    }

    [Fact]
    public void CustomParseGraph()
    {
        GeneratorRun run = GeneratorHarness.RunValid(TestSources.CustomGraph);
        SnapshotAssert.Matches("Custom.Tunnel", run.Source("Tests.Custom.Tunnel.g.cs"));
        SnapshotAssert.Matches("Custom.TunnelPacket", run.Source("Tests.Custom.TunnelPacket.g.cs"));
    }

    [Fact]
    public void OddLayoutHeader()
    {
        GeneratorRun run = GeneratorHarness.RunValid(TestSources.OddLayout);
        SnapshotAssert.Matches("Odd.OddLayout", run.Source("Tests.Odd.OddLayout.g.cs"));
    }

    [Fact]
    public void WideAndEnumLengthFields()
    {
        GeneratorRun run = GeneratorHarness.RunValid(TestSources.WideLengths);
        SnapshotAssert.Matches("Wide.Wide", run.Source("Tests.Wide.Wide.g.cs"));
        SnapshotAssert.Matches("Wide.WidePacket", run.Source("Tests.Wide.WidePacket.g.cs"));
    }

    [Fact]
    public void KeywordNamesAndInternalHeader()
    {
        GeneratorRun run = GeneratorHarness.RunValid(TestSources.KeywordNames);
        SnapshotAssert.Matches("Keywords.class", run.Source("Tests.Keywords.class.g.cs"));
        SnapshotAssert.Matches("Keywords.Packet", run.Source("Tests.Keywords.Packet.g.cs"));
    }
}
