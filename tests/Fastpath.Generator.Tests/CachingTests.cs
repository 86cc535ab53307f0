using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Fastpath.Generator.Tests;

/// <summary>
/// The pipeline caches: an edit that does not change a model re-runs no emission, an edit that does re-runs it, and no
/// step holds a symbol, syntax node, location or compilation (each would keep the models from ever comparing equal).
/// </summary>
public class CachingTests
{
    private const string HeaderPath = "/test/Probe.cs";
    private const string ParserPath = "/test/ProbePacket.cs";
    private const string UnrelatedPath = "/test/Helper.cs";

    private const string HeaderSource = """
        using Fastpath;

        namespace Tests.Caching;

        [Header(Length = 8)]
        public readonly ref partial struct Probe
        {
            [Bits(8)] public partial byte Kind { get; set; }
            [Bits(16)] public partial ushort Port { get; set; }
            [Bits(8)] public partial byte Rest { get; set; }
        }
        """;

    private const string ParserSource = """
        using Fastpath;
        using Fastpath.Tables;

        namespace Tests.Caching;

        [Header]
        public readonly ref partial struct Tail
        {
            [Bits(8)] public partial byte Code { get; set; }
        }

        [Parser(typeof(Probe))]
        [Select(typeof(Probe), nameof(Probe.Kind), 1, typeof(Tail))]
        public ref partial struct ProbePacket
        {
        }

        [Rules(typeof(ProbePacket))]
        public partial struct ProbeRules
        {
            [Rule] static bool Web(in ProbePacket p) => p.Probe.Port == 80;
            [Action(nameof(Web))] static Verdict Pass(ref ProbePacket p, PacketBuffer b) => Verdict.Transmit;
        }

        [Table(typeof(ProbePacket), Size = 16)]
        public sealed partial class ProbeTable
        {
            [Key(MatchKind.Exact)] static ushort Port(in ProbePacket p) => p.Probe.Port;
            [TableAction(Default = true)] static Verdict Miss(ref ProbePacket p, PacketBuffer b) => Verdict.Drop;
        }
        """;

    private const string UnrelatedSource = """
        namespace Tests.Other;

        public static class Helper
        {
            public static int One => 1;
        }
        """;

    /// <summary>Every tracked step name, read from the constants the generator uses.</summary>
    public static IEnumerable<string> TrackedStepNames =>
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

    public static TheoryData<string> UnchangedModelEdits => new()
    {
        "AddUnrelatedFile",
        "EditUnrelatedFile",
        "CommentInsideHeader",
        "MoveHeaderDown",
        "ReformatHeader",
        "CommentInsideParser",
    };

    [Theory]
    [MemberData(nameof(UnchangedModelEdits))]
    public void EditThatKeepsTheModelsIsCached(string edit)
    {
        (GeneratorRun first, GeneratorRun second) = RunTwice(compilation => Apply(edit, compilation));

        AssertStepsTracked(second);
        foreach (string step in TrackedStepNames)
        {
            foreach ((object value, IncrementalStepRunReason reason) in Outputs(second, step))
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{edit}: step {step} output {value} was {reason}");
        }
        // Nothing was emitted again, and what there is equals the first run's.
        foreach (IncrementalGeneratorRunStep output in second.Result.Results[0].TrackedOutputSteps.SelectMany(p => p.Value))
        {
            foreach ((object _, IncrementalStepRunReason reason) in output.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{edit}: output step {output.Name} was {reason}");
        }
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void ChangedFieldWidthRunsAgain()
    {
        (GeneratorRun first, GeneratorRun second) = RunTwice(compilation => Replace(compilation, HeaderPath,
            HeaderSource.Replace("[Bits(16)] public partial ushort Port", "[Bits(12)] public partial ushort Port")));

        // The header's model changed, and so did the parser's, which embeds it (its text happens not to); Tail's did not.
        // A rule set's model holds no layout (its atoms read fields by name), so its steps need not re-run.
        // A table's model holds its key methods' names and types, not the fields they read: its steps need not re-run either.
        foreach (string step in TrackedStepNames.Where(s => !s.StartsWith("Rules", StringComparison.Ordinal) && !s.StartsWith("Table", StringComparison.Ordinal)))
            Assert.Contains(Outputs(second, step), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, TrackingNames.HeaderModel), o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.NotEqual(first.Source("Tests.Caching.Probe.g.cs"), second.Source("Tests.Caching.Probe.g.cs"));
        Assert.Equal(first.Source("Tests.Caching.Tail.g.cs"), second.Source("Tests.Caching.Tail.g.cs"));
        Assert.Empty(second.OutputErrors());
    }

    [Fact]
    public void MovedBrokenHeaderIsReportedAtItsNewLine()
    {
        string broken = HeaderSource.Replace("[Bits(8)] public partial byte Rest", "[Bits(9)] public partial byte Rest");
        (GeneratorRun first, GeneratorRun second) = RunTwice(
            compilation => Replace(compilation, HeaderPath, "// moved\n// down\n" + broken),
            initial: compilation => Replace(compilation, HeaderPath, broken));

        // Locations live only in the diagnostics, so moving code re-reports the error where it now is, and emits nothing.
        int firstLine = Assert.Single(first.Diagnostics).Location.GetLineSpan().StartLinePosition.Line;
        int secondLine = Assert.Single(second.Diagnostics).Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(firstLine + 2, secondLine);
        Assert.Contains(Outputs(second, TrackingNames.HeaderAnalysis), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.DoesNotContain(Outputs(second, TrackingNames.HeaderModel), o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
    }

    [Fact]
    public void FixingAHeaderEmitsItAndClearsTheDiagnostic()
    {
        string broken = HeaderSource.Replace("[Bits(8)] public partial byte Rest", "[Bits(9)] public partial byte Rest");
        (GeneratorRun first, GeneratorRun second) = RunTwice(
            compilation => Replace(compilation, HeaderPath, HeaderSource),
            initial: compilation => Replace(compilation, HeaderPath, broken));

        Assert.Single(first.Diagnostics);
        Assert.DoesNotContain("Tests.Caching.Probe.g.cs", first.Sources.Keys);
        Assert.Empty(second.Diagnostics);
        Assert.Contains("Tests.Caching.Probe.g.cs", second.Sources.Keys);
        Assert.Contains(Outputs(second, TrackingNames.HeaderModel), o => o.Reason == IncrementalStepRunReason.New);
    }

    [Fact]
    public void StepOutputsHoldNoSymbolsSyntaxLocationsOrCompilations()
    {
        // A valid graph fills every step; a broken header fills the analysis steps with diagnostics instead.
        string broken = HeaderSource.Replace("[Bits(8)] public partial byte Rest", "[Bits(9)] public partial byte Rest");
        foreach (Func<CSharpCompilation, CSharpCompilation> variant in new Func<CSharpCompilation, CSharpCompilation>[]
                 {
                     compilation => compilation,
                     compilation => Replace(compilation, HeaderPath, broken),
                 })
        {
            GeneratorRun run = GeneratorHarness.Run(variant(Initial()), GeneratorHarness.CreateDriver(trackSteps: true));
            foreach (string step in TrackedStepNames)
            {
                foreach ((object value, IncrementalStepRunReason _) in Outputs(run, step))
                    AssertPlainData(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
            }
        }
    }

    [Fact]
    public void PlainDataCheckFindsARoslynObjectInsideAModel()
    {
        Location location = Initial().SyntaxTrees[0].GetRoot().GetLocation();
        var nested = new { Name = "x", Items = new List<object> { 1, ("pair", location) } };
        Assert.ThrowsAny<Exception>(() => AssertPlainData(nested, "nested", new HashSet<object>(ReferenceEqualityComparer.Instance), 0));
        AssertPlainData(new { Name = "x", Span = new TextSpan(1, 2) }, "plain", new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
    }

    [Fact]
    public void ModelsCompareByValue()
    {
        // Two separate analyses of the same text must give equal models, or nothing would ever be Unchanged.
        GeneratorRun a = GeneratorHarness.Run(Initial(), GeneratorHarness.CreateDriver(trackSteps: true));
        GeneratorRun b = GeneratorHarness.Run(Initial(), GeneratorHarness.CreateDriver(trackSteps: true));
        foreach (string step in TrackedStepNames)
        {
            object[] left = Outputs(a, step).Select(o => o.Value).ToArray();
            object[] right = Outputs(b, step).Select(o => o.Value).ToArray();
            Assert.Equal(left.Length, right.Length);
            for (int i = 0; i < left.Length; i++)
            {
                Assert.NotSame(left[i], right[i]);
                Assert.Equal(left[i], right[i]);
                Assert.Equal(left[i].GetHashCode(), right[i].GetHashCode());
            }
        }
    }

    private static CSharpCompilation Initial() => GeneratorHarness.Compile(
    [
        GeneratorHarness.Parse(HeaderSource, HeaderPath),
        GeneratorHarness.Parse(ParserSource, ParserPath),
        GeneratorHarness.Parse(UnrelatedSource, UnrelatedPath),
    ]);

    /// <summary>Run the tracking driver over the initial compilation, then over it edited, and return both runs.</summary>
    private static (GeneratorRun First, GeneratorRun Second) RunTwice(
        Func<CSharpCompilation, CSharpCompilation> edit, Func<CSharpCompilation, CSharpCompilation>? initial = null)
    {
        CSharpCompilation compilation = (initial ?? (c => c))(Initial());
        GeneratorRun first = GeneratorHarness.Run(compilation, GeneratorHarness.CreateDriver(trackSteps: true));
        GeneratorRun second = GeneratorHarness.Run(edit(compilation), first.Driver);
        return (first, second);
    }

    private static CSharpCompilation Apply(string edit, CSharpCompilation compilation) => edit switch
    {
        "AddUnrelatedFile" => compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Tests.Other; public static class Extra { }", "/test/Extra.cs")),
        "EditUnrelatedFile" => Edit(compilation, UnrelatedPath, UnrelatedSource.IndexOf("1;", StringComparison.Ordinal), 1, "2"),
        "CommentInsideHeader" => Edit(compilation, HeaderPath, HeaderSource.IndexOf("[Bits(16)]", StringComparison.Ordinal), 0, "// The port, big-endian.\n    "),
        "MoveHeaderDown" => Edit(compilation, HeaderPath, HeaderSource.IndexOf("[Header", StringComparison.Ordinal), 0, "\n\n\n"),
        "ReformatHeader" => Replace(compilation, HeaderPath, HeaderSource.Replace("{ get; set; }", "{\n        get;\n        set;\n    }")),
        "CommentInsideParser" => Edit(compilation, ParserPath, ParserSource.IndexOf("[Select", StringComparison.Ordinal), 0, "// Kind 1 carries a tail.\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, null),
    };

    // An edit as the IDE makes it: a text change applied to the existing tree.
    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, int start, int length, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        SourceText changed = old.GetText().WithChanges(new TextChange(new TextSpan(start, length), text));
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(changed));
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == path), GeneratorHarness.Parse(source, path));

    private static ImmutableArray<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step) =>
        run.Result.Results[0].TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps)
            ? steps.SelectMany(s => s.Outputs).ToImmutableArray()
            : [];

    private static void AssertStepsTracked(GeneratorRun run)
    {
        foreach (string step in TrackedStepNames)
            Assert.True(run.Result.Results[0].TrackedSteps.ContainsKey(step), $"Step {step} was not tracked: is WithTrackingName missing?");
    }

    /// <summary>Walk an output's object graph: every value must be plain data, never a Roslyn object tied to one compilation.</summary>
    private static void AssertPlainData(object? value, string path, HashSet<object> seen, int depth)
    {
        if (value is null)
            return;
        Type type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or SyntaxToken or SyntaxTree or SyntaxReference or Location
                         or Compilation or SemanticModel or AttributeData or TypedConstant,
            $"{path} holds a {type.Name}: models must be plain values so they compare equal across compilations");
        if (type.IsPrimitive || type.IsEnum || value is string or decimal)
            return;
        Assert.True(depth < 32, $"{path} nests too deep to be a model");
        if (!type.IsValueType && !seen.Add(value))
            return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
                AssertPlainData(item, $"{path}[{i++}]", seen, depth + 1);
            return;
        }
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                AssertPlainData(field.GetValue(value), $"{path}.{field.Name}", seen, depth + 1);
        }
    }
}
