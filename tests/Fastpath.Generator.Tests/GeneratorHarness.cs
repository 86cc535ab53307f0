using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fastpath.Generator.Tests;

/// <summary>One run of the generator: its input, the compilation with generated code added, and what it produced.</summary>
internal sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result)
{
    /// <summary>Return the generated sources by hint name, with line endings as emitted.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Return the diagnostics the generator reported (not the compiler's).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Return the generated source with <paramref name="hintName"/>, failing with the names there are when it is missing.</summary>
    public string Source(string hintName) =>
        Sources.TryGetValue(hintName, out string? text)
            ? text
            : throw new Xunit.Sdk.XunitException($"No generated source '{hintName}'; generated: {string.Join(", ", Sources.Keys.Order())}");

    /// <summary>Return the errors of the input and generated code compiled together.</summary>
    public ImmutableArray<Diagnostic> OutputErrors() =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}

/// <summary>Builds compilations in memory and runs <see cref="FastpathGenerator"/> over them with <see cref="CSharpGeneratorDriver"/>.</summary>
internal static class GeneratorHarness
{
    /// <summary>The path test sources get unless named: diagnostics carry it, so tests can tell their file apart.</summary>
    public const string DefaultPath = "/test/Input.cs";

    // What the runtime project gets from ImplicitUsings, for compiling its own header files here.
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.Linq;
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions s_options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true);

    private static readonly string s_runtimePath = Path.GetFullPath(typeof(HeaderAttribute).Assembly.Location);

    // Every platform assembly plus the runtime, read once: the Fastpath attributes, Wire, addresses and HeaderScratch live there.
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            if (path.Length > 0)
                paths.Add(Path.GetFullPath(path));
        }
        paths.Add(s_runtimePath);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    // The same without Fastpath.Runtime, for compiling the runtime's own sources: its headers would clash with themselves.
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_platformReferences = new(() =>
        s_references.Value.Where(r => r.Display is not { } path || Path.GetFileName(path) != Path.GetFileName(s_runtimePath)).ToImmutableArray());

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>Parse <paramref name="source"/> as a file at <paramref name="path"/>.</summary>
    public static SyntaxTree Parse(string source, string path = DefaultPath) =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>Build a library compilation of the given files, referencing the runtime unless they are the runtime.</summary>
    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, bool referenceRuntime = true) =>
        CSharpCompilation.Create("Fastpath.GeneratorInput", trees, referenceRuntime ? References : s_platformReferences.Value, s_options);

    /// <summary>Build a library compilation of one file.</summary>
    public static CSharpCompilation Compile(string source, string path = DefaultPath) => Compile([Parse(source, path)]);

    /// <summary>Create a driver for the generator; <paramref name="trackSteps"/> records each pipeline step for caching tests.</summary>
    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new FastpathGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Run the generator over <paramref name="input"/>, with a fresh driver or the one given (to see what it cached).</summary>
    public static GeneratorRun Run(CSharpCompilation input, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        GeneratorDriverRunResult result = driver.GetRunResult();
        // The generator must never throw: Roslyn would turn that into one CS8785 warning and no output at all.
        Assert.Null(result.Results.Single().Exception);
        return new GeneratorRun(input, output, driver, result);
    }

    /// <summary>Run the generator over one file.</summary>
    public static GeneratorRun Run(string source, string path = DefaultPath) => Run(Compile(source, path));

    /// <summary>
    /// Run the generator over valid declarations: it must report nothing, and the input compiled with the generated
    /// code must have no errors and no warnings in generated files.
    /// </summary>
    public static GeneratorRun RunValid(CSharpCompilation input)
    {
        // The input alone does not compile (its partial properties wait for the generated part), so it is checked with the output.
        GeneratorRun run = Run(input);
        Assert.True(run.Diagnostics.IsEmpty, "The generator reported:\n" + Describe(run.Diagnostics));
        Assert.NotEmpty(run.Sources);

        var generatedTrees = run.Output.SyntaxTrees.Except(input.SyntaxTrees).ToHashSet();
        ImmutableArray<Diagnostic> problems = run.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                        || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            .ToImmutableArray();
        Assert.True(problems.IsEmpty, "The generated code does not compile cleanly:\n" + Describe(problems));
        return run;
    }

    /// <summary>Run the generator over valid declarations in one file.</summary>
    public static GeneratorRun RunValid(string source, string path = DefaultPath) => RunValid(Compile(source, path));

    /// <summary>Emit the output compilation and load it, to run the generated code.</summary>
    public static Assembly Load(GeneratorRun run)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emit = run.Output.Emit(stream);
        Assert.True(emit.Success, Describe(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>The source directory of this test project, found from where this file was compiled.</summary>
    public static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;

    /// <summary>The repository root: two levels above the test project.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));

    /// <summary>
    /// Parse the runtime's DSL attributes, addresses and standard headers from src/Runtime, with its implicit usings: the
    /// input the runtime project gives the generator. It is compiled without referencing Fastpath.Runtime, so nothing clashes.
    /// </summary>
    public static IReadOnlyList<SyntaxTree> RuntimeHeaderSources()
    {
        string runtime = Path.Combine(RepositoryRoot, "src", "Runtime");
        var trees = new List<SyntaxTree> { Parse(ImplicitUsings, Path.Combine(runtime, "obj", "GlobalUsings.g.cs")) };
        foreach (string folder in new[] { "Dsl", "Addresses", "Headers", "Checksums" })
        {
            foreach (string file in Directory.GetFiles(Path.Combine(runtime, folder), "*.cs").Order(StringComparer.Ordinal))
                trees.Add(Parse(File.ReadAllText(file), file));
        }
        // [Key] names its match kind, which lives with the tables.
        string matchKind = Path.Combine(runtime, "Tables", "MatchKind.cs");
        trees.Add(Parse(File.ReadAllText(matchKind), matchKind));
        return trees;
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.ToString()));
}
