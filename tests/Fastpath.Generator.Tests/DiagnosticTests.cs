using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Fastpath.Generator.Tests;

/// <summary>Every diagnostic of <see cref="DiagnosticDescriptors"/>, from a minimal bad declaration, reported where the mistake is.</summary>
public class DiagnosticTests
{
    private const string Prefix = """
        using System;
        using Fastpath;

        namespace Tests.Diagnostics;

        """;

    // Two small headers most parse graphs below are built from.
    private const string Headers = """
        [Header]
        public readonly ref partial struct A
        {
            [Bits(8)] public partial byte Next { get; set; }
            [Bits(8)] public partial byte Other { get; set; }
        }

        [Header]
        public readonly ref partial struct B
        {
            [Bits(8)] public partial byte Next { get; set; }
        }

        [Header]
        public readonly ref partial struct C
        {
            [Bits(16)] public partial ushort Next { get; set; }
        }

        """;

    /// <summary>Each row: the diagnostic, a declaration that has that mistake only, and the exact source text it must point at.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "FP0001", """
            [Header]
            public ref partial struct NotReadonly
            {
                [Bits(8)] public partial byte Value { get; set; }
            }
            """, "NotReadonly"
        },
        {
            "FP0002", """
            [Header]
            public readonly ref partial struct Letters
            {
                [Bits(16)] public partial char Letter { get; set; }
            }
            """, "Bits(16)"
        },
        {
            "FP0003", """
            [Header]
            public readonly ref partial struct TooWide
            {
                [Bits(8)] public partial byte Small { get; set; }
                [Bits(9)] public partial byte Wide { get; set; }
                [Bits(7)] public partial byte Rest { get; set; }
            }
            """, "Bits(9)"
        },
        {
            "FP0004", """
            [Header]
            public readonly ref partial struct HalfByte
            {
                [Bits(4)] public partial byte Nibble { get; set; }
            }
            """, "Header"
        },
        {
            "FP0005", """
            [Header(Length = 1)]
            public readonly ref partial struct Short
            {
                [Bits(8)] public partial byte Kind { get; set; }
                [Bits(16)] public partial ushort Port { get; set; }
            }
            """, "Bits(16)"
        },
        {
            "FP0006", """
            [Header]
            [Length("Missing", Scale = 4)]
            public readonly ref partial struct Options
            {
                [Bits(8)] public partial byte Words { get; set; }
            }
            """, "Length(\"Missing\", Scale = 4)"
        },
        {
            "FP0007", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 1, typeof(B))]
            [Select(typeof(B), nameof(B.Next), 1, typeof(A))]
            public ref partial struct Loop
            {
            }
            """, "Select(typeof(B), nameof(B.Next), 1, typeof(A))"
        },
        {
            "FP0008", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 1, typeof(B))]
            [Select(typeof(C), nameof(C.Next), 1, typeof(Accept))]
            public ref partial struct Island
            {
            }
            """, "Select(typeof(C), nameof(C.Next), 1, typeof(Accept))"
        },
        {
            "FP0009", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 0x10, typeof(B), Mask = 0xF0)]
            [Select(typeof(A), nameof(A.Next), 0x17, typeof(C))]
            public ref partial struct Overlap
            {
            }
            """, "Select(typeof(A), nameof(A.Next), 0x17, typeof(C))"
        },
        {
            "FP0010", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), "Missing", 1, typeof(B))]
            public ref partial struct NoField
            {
            }
            """, "Select(typeof(A), \"Missing\", 1, typeof(B))"
        },
        {
            "FP0011", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 1, typeof(string))]
            public ref partial struct NotHeader
            {
            }
            """, "Select(typeof(A), nameof(A.Next), 1, typeof(string))"
        },
        {
            "FP0012", """
            [Header]
            public readonly ref partial struct Skewed
            {
                [Bits(4)] public partial byte Flags { get; set; }
                [Bits(12, LittleEndian = true)] public partial ushort Count { get; set; }
            }
            """, "Bits(12, LittleEndian = true)"
        },
        {
            "FP0013", Headers + """
            [Parser(typeof(A))]
            public partial struct NotRef
            {
            }
            """, "NotRef"
        },
        {
            "FP0014", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 0x100, typeof(B))]
            public ref partial struct TooBig
            {
            }
            """, "Select(typeof(A), nameof(A.Next), 0x100, typeof(B))"
        },
        {
            "FP0015", Headers + """
            [Parser(typeof(A))]
            [Stack(typeof(A), 0)]
            [Select(typeof(A), nameof(A.Next), 1, typeof(A))]
            public ref partial struct Shallow
            {
            }
            """, "Stack(typeof(A), 0)"
        },
        {
            "FP0016", """
            [Header]
            public readonly ref partial struct Plain
            {
                [Bits(8)] public partial byte Kind { get; set; }
                [Bits(16)] public ushort Port => 0;
            }
            """, "Bits(16)"
        },
        {
            "FP0017", Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 1, typeof(B))]
            [Select(typeof(A), nameof(A.Other), 2, typeof(C))]
            [Select(typeof(A), nameof(A.Next), 3, typeof(C))]
            public ref partial struct TwoFields
            {
            }
            """, "Select(typeof(A), nameof(A.Next), 3, typeof(C))"
        },
        { "FP0018", Chain(65), "Long" },
        {
            "FP0019", """
            [Header(Length = 5000)]
            public readonly ref partial struct Jumbo
            {
                [Bits(8)] public partial byte Kind { get; set; }
            }
            """, "Header(Length = 5000)"
        },
        {
            "FP0020", Headers + """
            [Parser(typeof(A))]
            [SelectRange(typeof(A), nameof(A.Next), 10, 5, typeof(B))]
            public ref partial struct Backwards
            {
            }
            """, "SelectRange(typeof(A), nameof(A.Next), 10, 5, typeof(B))"
        },
        {
            "FP0021", """
            [Header]
            public readonly ref partial struct Clash
            {
                [Bits(8)] public partial byte Kind { get; set; }
                [Bits(24)] public partial uint HeaderLength { get; set; }
            }
            """, "Bits(24)"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsAtTheMistake(string id, string declaration, string located)
    {
        string source = Prefix + declaration;
        Diagnostic diagnostic = ReportedOnce(id, source);
        AssertLocatedAt(diagnostic, source, located);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.DoesNotContain("{", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Replace("{ get; }", "").Replace("{ get; set; }", ""));
    }

    [Fact]
    public void EveryDescriptorHasACase()
    {
        // Rule-set diagnostics (FP0022–FP0026) and table diagnostics (FP0027 on) have their own classes.
        var tested = ((IEnumerable<object[]>)Cases).Select(row => (string)row[0]).Concat(RuleDiagnosticTests.Covered).Concat(TableGeneratorTests.Covered).ToHashSet();
        Assert.Equal(DescriptorIds().Order(), tested.Order());
    }

    [Fact]
    public void SixtyFourHeadersAreEnough()
    {
        GeneratorRun run = GeneratorHarness.RunValid(Prefix + Chain(64));
        Assert.Contains("Tests.Diagnostics.Long.g.cs", run.Sources.Keys);
    }

    // More cases of the diagnostics whose causes differ: each must be found, and at the right place.

    [Theory]
    [InlineData("FP0001", "[Header] public readonly ref struct NotPartial { [Bits(8)] public byte A => 0; }", "NotPartial")]
    [InlineData("FP0001", "public class Outer { [Header] public readonly ref partial struct Nested { [Bits(8)] public partial byte A { get; set; } } }", "Nested")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } [Bits(32, Offset = 4)] public partial Ipv4Address Ip { get; set; } }", "Bits(32, Offset = 4)")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bits(64, Offset = 4)] public partial ulong Wide { get; set; } [Bits(4)] public partial byte Rest { get; set; } }", "Bits(64, Offset = 4)")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bytes(0)] public partial Span<byte> None { get; } }", "Bytes(0)")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bits(4)] public partial byte A { get; set; } [Bytes(2)] public partial Span<byte> Odd { get; } [Bits(4)] public partial byte B { get; set; } }", "Bytes(2)")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bytes(2)] public partial Span<byte> Settable { get; set; } }", "Bytes(2)")]
    [InlineData("FP0003", "[Header] public readonly ref partial struct H { [Bits(8, Offset = 40000)] public partial byte Far { get; set; } }", "Bits(8, Offset = 40000)")]
    [InlineData("FP0003", "[Header, Length(nameof(A), Scale = 0)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }", "Length(nameof(A), Scale = 0)")]
    [InlineData("FP0006", "[Header, TotalLength(nameof(Flag))] public readonly ref partial struct H { [Bits(1)] public partial bool Flag { get; set; } [Bits(7)] public partial byte A { get; set; } }", "TotalLength(nameof(Flag))")]
    [InlineData("FP0006", "[Header, Expect(\"Missing\", 4)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }", "Expect(\"Missing\", 4)")]
    [InlineData("FP0011", Headers + "[Parser(typeof(Accept))] public ref partial struct P { }", "Parser(typeof(Accept))")]
    [InlineData("FP0011", Headers + "[Parser(typeof(A)), Default(typeof(A), typeof(A[]))] public ref partial struct P { }", "Default(typeof(A), typeof(A[]))")]
    [InlineData("FP0013", Headers + "[Parser(typeof(A))] public readonly ref partial struct P { }", "P { }", "P")]
    [InlineData("FP0013", "[Header, Parser(typeof(Both))] public readonly ref partial struct Both { [Bits(8)] public partial byte A { get; set; } }", "Both {", "Both")]
    [InlineData("FP0015", Headers + "[Parser(typeof(A)), Stack(typeof(A), 33)] public ref partial struct P { }", "Stack(typeof(A), 33)")]
    [InlineData("FP0016", "[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } public partial byte Forgot { get; } }", "Forgot")]
    [InlineData("FP0016", "[Header] public readonly ref partial struct H { [Bits(8)] public static partial byte A { get; set; } }", "Bits(8)")]
    [InlineData("FP0016", "[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; init; } }", "Bits(8)")]
    [InlineData("FP0019", "[Header] public readonly ref partial struct Empty { }", "Header")]
    [InlineData("FP0021", "[Header] public readonly ref partial struct Layer { [Bits(8)] public partial byte A { get; set; } } [Parser(typeof(Layer))] public ref partial struct P { }", "Parser(typeof(Layer))")]
    [InlineData("FP0021", "[Header, Length(nameof(A))] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } [Bits(8)] public partial byte Options { get; set; } }", "Bits(8)] public partial byte Options", "Bits(8)")]
    public void ReportsVariantAtTheMistake(string id, string declaration, string located, string? spanText = null)
    {
        string source = Prefix + declaration;
        AssertLocatedAt(ReportedOnce(id, source), source, located, spanText);
    }

    [Fact]
    public void HeadersOfOneGraphNeedDistinctNames()
    {
        const string source = """
            using Fastpath;

            namespace Tests.Left
            {
                [Header]
                public readonly ref partial struct Twin
                {
                    [Bits(8)] public partial byte Next { get; set; }
                }
            }

            namespace Tests.Right
            {
                [Header]
                public readonly ref partial struct Twin
                {
                    [Bits(8)] public partial byte Next { get; set; }
                }

                [Parser(typeof(Tests.Left.Twin))]
                [Select(typeof(Tests.Left.Twin), nameof(Tests.Left.Twin.Next), 1, typeof(Twin))]
                public ref partial struct Twins
                {
                }
            }
            """;
        Diagnostic diagnostic = ReportedOnce("FP0021", source);
        AssertLocatedAt(diagnostic, source, "Select(typeof(Tests.Left.Twin), nameof(Tests.Left.Twin.Next), 1, typeof(Twin))");
        Assert.Contains("already has a header named 'Twin'", diagnostic.GetMessage());
    }

    [Fact]
    public void BrokenHeaderIsReportedOnceNotByEveryParser()
    {
        const string source = Prefix + """
            [Header]
            public readonly ref partial struct Bad
            {
                [Bits(9)] public partial byte Wide { get; set; }
            }

            [Parser(typeof(Bad))]
            public ref partial struct First { }

            [Parser(typeof(Bad))]
            public ref partial struct Second { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal("FP0003", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ValidDeclarationsReportNothing() =>
        GeneratorHarness.RunValid(Prefix + Headers + """
            [Parser(typeof(A))]
            [Select(typeof(A), nameof(A.Next), 1, typeof(B))]
            [Select(typeof(A), nameof(A.Next), 2, typeof(C))]
            public ref partial struct Fine
            {
            }
            """);

    /// <summary>Return the IDs of every descriptor in <see cref="DiagnosticDescriptors"/>.</summary>
    public static IEnumerable<string> DescriptorIds() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id);

    private static Diagnostic ReportedOnce(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        // The mistake must be reported once, alone: a second diagnostic would be noise the user has to read past.
        Assert.True(run.Diagnostics.Length == 1 && run.Diagnostics[0].Id == id,
            $"Expected one {id}; the generator reported:\n{GeneratorHarness.Describe(run.Diagnostics)}");
        return run.Diagnostics[0];
    }

    /// <summary>
    /// Assert the diagnostic starts where <paramref name="located"/> occurs (once) in the source, on its line, and covers
    /// <paramref name="spanText"/> (by default all of <paramref name="located"/>): the attribute or type name the mistake
    /// is in, so the IDE underlines that and nothing else.
    /// </summary>
    private static void AssertLocatedAt(Diagnostic diagnostic, string source, string located, string? spanText = null)
    {
        spanText ??= located;
        int start = source.IndexOf(located, StringComparison.Ordinal);
        Assert.True(start >= 0 && source.IndexOf(located, start + 1, StringComparison.Ordinal) < 0, $"'{located}' must occur once in the test source");
        int line = source.AsSpan(0, start).Count('\n');

        FileLinePositionSpan lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.DefaultPath, lineSpan.Path);
        Assert.Equal(line, lineSpan.StartLinePosition.Line);
        TextSpan span = diagnostic.Location.SourceSpan;
        Assert.Equal(start, span.Start);
        Assert.Equal(spanText, source.Substring(span.Start, span.Length));
    }

    /// <summary>A parse graph of <paramref name="count"/> headers in a row.</summary>
    private static string Chain(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
            text.Append($"[Header] public readonly ref partial struct H{i} {{ [Bits(8)] public partial byte Next {{ get; set; }} }}\n");
        text.Append("[Parser(typeof(H0))]\n");
        for (int i = 0; i + 1 < count; i++)
            text.Append($"[Select(typeof(H{i}), nameof(H{i}.Next), 1, typeof(H{i + 1}))]\n");
        text.Append("public ref partial struct Long\n{\n}\n");
        return text.ToString();
    }
}
