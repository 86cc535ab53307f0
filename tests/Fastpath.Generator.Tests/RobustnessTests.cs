using Microsoft.CodeAnalysis;

namespace Fastpath.Generator.Tests;

/// <summary>Malformed declarations, as a user types them: the generator reports or stays silent, and never throws.</summary>
public class RobustnessTests
{
    // A well-formed header the malformed parsers below can point at.
    private const string Good = """
        [Header]
        public readonly ref partial struct Good
        {
            [Bits(8)] public partial byte Kind { get; set; }
            [Bits(8)] public partial sbyte Signed { get; set; }
        }
        """;

    public static TheoryData<string, string> Malformed => new()
    {
        // Attributes with wrong argument types, missing or extra arguments.
        { "BitsWithString", """[Header] public readonly ref partial struct H { [Bits("8")] public partial byte A { get; set; } }""" },
        { "BitsWithoutArguments", """[Header] public readonly ref partial struct H { [Bits] public partial byte A { get; set; } }""" },
        { "BitsWithTwoArguments", """[Header] public readonly ref partial struct H { [Bits(8, 8)] public partial byte A { get; set; } }""" },
        { "BitsNegative", """[Header] public readonly ref partial struct H { [Bits(-1)] public partial byte A { get; set; } }""" },
        { "BitsZero", """[Header] public readonly ref partial struct H { [Bits(0)] public partial byte A { get; set; } }""" },
        { "BitsHuge", """[Header] public readonly ref partial struct H { [Bits(int.MaxValue)] public partial ulong A { get; set; } }""" },
        { "BitsNegativeOffset", """[Header] public readonly ref partial struct H { [Bits(8, Offset = -8)] public partial byte A { get; set; } }""" },
        { "BitsHugeOffset", """[Header] public readonly ref partial struct H { [Bits(8, Offset = int.MaxValue)] public partial byte A { get; set; } [Bits(8)] public partial byte B { get; set; } }""" },
        { "BitsOffsetNearOverflow", """[Header] public readonly ref partial struct H { [Bits(64, Offset = int.MaxValue - 63)] public partial ulong A { get; set; } }""" },
        { "BytesNegative", """[Header] public readonly ref partial struct H { [Bytes(-4)] public partial System.Span<byte> A { get; } }""" },
        { "BytesHuge", """[Header] public readonly ref partial struct H { [Bytes(int.MaxValue)] public partial System.Span<byte> A { get; } }""" },
        { "BytesHugeOffset", """[Header] public readonly ref partial struct H { [Bytes(4, Offset = int.MaxValue)] public partial System.Span<byte> A { get; } }""" },
        { "BytesOnInteger", """[Header] public readonly ref partial struct H { [Bytes(4)] public partial uint A { get; set; } }""" },
        { "BitsAndBytes", """[Header] public readonly ref partial struct H { [Bits(8), Bytes(1)] public partial byte A { get; set; } }""" },
        { "UnknownFieldType", """[Header] public readonly ref partial struct H { [Bits(8)] public partial Nope A { get; set; } }""" },
        { "GenericFieldType", """[Header] public readonly ref partial struct H { [Bits(8)] public partial System.Nullable<byte> A { get; set; } }""" },
        { "EnumWithNoMembers", """public enum Empty : byte { } [Header] public readonly ref partial struct H { [Bits(8)] public partial Empty A { get; set; } }""" },
        { "EnumTooWide", """public enum Wide : byte { A } [Header] public readonly ref partial struct H { [Bits(16)] public partial Wide A { get; set; } }""" },
        { "HeaderWithNoFields", """[Header] public readonly ref partial struct H { }""" },
        { "HeaderWithOnlyMethods", """[Header] public readonly ref partial struct H { public int M() => 1; public int P => 2; }""" },
        { "HeaderWithBadLength", """[Header(Length = -3)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "HeaderWithHugeLength", """[Header(Length = int.MaxValue)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "HeaderGeneric", """[Header] public readonly ref partial struct H<T> { [Bits(8)] public partial byte A { get; set; } }""" },
        { "HeaderNested", """public class Outer { [Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } } }""" },
        { "HeaderOnClass", """[Header] public partial class H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "HeaderNotPartial", """[Header] public readonly ref struct H { [Bits(8)] public byte A => 0; }""" },
        { "HeaderInTwoParts", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } } public readonly ref partial struct H { [Bits(8)] public partial byte B { get; set; } }""" },
        { "PropertyWithBody", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get => 1; set { } } }""" },
        { "PropertySetOnly", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { set; } }""" },
        { "StaticProperty", """[Header] public readonly ref partial struct H { [Bits(8)] public static partial byte A { get; set; } }""" },
        { "InitAccessor", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; init; } }""" },
        { "PrivateSetter", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; private set; } }""" },
        { "RefProperty", """[Header] public readonly ref partial struct H { [Bits(8)] public partial ref byte A { get; } }""" },
        { "ReadonlyProperty", """[Header] public readonly ref partial struct H { [Bits(8)] public readonly partial byte A { get; } }""" },
        { "UserImplementedField", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; } public partial byte A => 1; }""" },
        { "FieldNamedBytes", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte Bytes { get; set; } }""" },
        { "FieldNamedField", """[Header] public readonly ref partial struct H { [Bits(8)] public partial byte Field { get; set; } }""" },
        { "FieldNamedOptions", """[Header, Length("A")] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } [Bits(8)] public partial byte Options { get; set; } }""" },
        { "Indexer", """[Header] public readonly ref partial struct H { [Bits(8)] public byte this[int i] => 0; }""" },
        { "LengthWithoutArgument", """[Header, Length] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "LengthWithNull", """[Header, Length(null!)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "LengthScaleZero", """[Header, Length("A", Scale = 0)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "LengthOnBool", """[Header, Length("A")] public readonly ref partial struct H { [Bits(1)] public partial bool A { get; set; } [Bits(7)] public partial byte B { get; set; } }""" },
        { "TotalLengthMissing", """[Header, TotalLength("Nope")] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "ExpectWithoutValue", """[Header, Expect("A")] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "ExpectWithWrongType", """[Header, Expect("A", "four")] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "ExpectWithBadError", """[Header, Expect("A", 1, Error = (ParseError)200)] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },

        // Parsers.
        { "ParserWithoutStart", Good + "[Parser] public ref partial struct P { }" },
        { "ParserWithNullStart", Good + "[Parser(null!)] public ref partial struct P { }" },
        { "ParserWithMissingType", Good + "[Parser(typeof(Nope))] public ref partial struct P { }" },
        { "ParserWithArrayStart", Good + "[Parser(typeof(Good[]))] public ref partial struct P { }" },
        { "ParserWithPointerStart", Good + "[Parser(typeof(int*))] public unsafe ref partial struct P { }" },
        { "ParserWithOpenGenericStart", Good + "[Parser(typeof(List<>))] public ref partial struct P { }" },
        { "ParserStartsAtAccept", Good + "[Parser(typeof(Accept))] public ref partial struct P { }" },
        { "ParserOnClass", Good + "[Parser(typeof(Good))] public partial class P { }" },
        { "ParserGeneric", Good + "[Parser(typeof(Good))] public ref partial struct P<T> { }" },
        { "SelectFromMissingType", Good + """[Parser(typeof(Good)), Select(typeof(Nope), "Kind", 1, typeof(Good))] public ref partial struct P { }""" },
        { "SelectToMissingType", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", 1, typeof(Nope))] public ref partial struct P { }""" },
        { "SelectFromArray", Good + """[Parser(typeof(Good)), Select(typeof(Good[]), "Kind", 1, typeof(Good))] public ref partial struct P { }""" },
        { "SelectToArray", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", 1, typeof(Good[]))] public ref partial struct P { }""" },
        { "SelectToPointer", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", 1, typeof(int*))] public unsafe ref partial struct P { }""" },
        { "SelectWithNulls", Good + """[Parser(typeof(Good)), Select(null!, null!, 1, null!)] public ref partial struct P { }""" },
        { "SelectWithNullField", Good + """[Parser(typeof(Good)), Select(typeof(Good), null!, 1, typeof(Accept))] public ref partial struct P { }""" },
        { "SelectMissingArguments", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind")] public ref partial struct P { }""" },
        { "SelectWrongArgumentTypes", Good + """[Parser(typeof(Good)), Select("Good", 1, "Kind", typeof(Accept))] public ref partial struct P { }""" },
        { "SelectNegativeValue", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", -1, typeof(Accept))] public ref partial struct P { }""" },
        { "SelectOnSignedField", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Signed", 0xFF, typeof(Reject))] public ref partial struct P { }""" },
        { "SelectZeroMask", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", 1, typeof(Reject), Mask = 0)] public ref partial struct P { }""" },
        { "SelectRangeReversed", Good + """[Parser(typeof(Good)), SelectRange(typeof(Good), "Kind", 10, 5, typeof(Reject))] public ref partial struct P { }""" },
        { "SelectRangeWholeField", Good + """[Parser(typeof(Good)), SelectRange(typeof(Good), "Kind", 0, 255, typeof(Reject))] public ref partial struct P { }""" },
        { "SelectRangeHuge", Good + """[Parser(typeof(Good)), SelectRange(typeof(Good), "Kind", 0, ulong.MaxValue, typeof(Reject))] public ref partial struct P { }""" },
        { "SelectRangeAgainstMask", Good + """[Parser(typeof(Good)), SelectRange(typeof(Good), "Kind", 0, 255, typeof(Reject)), Select(typeof(Good), "Kind", 1, typeof(Accept), Mask = 1)] public ref partial struct P { }""" },
        { "DefaultWithNulls", Good + """[Parser(typeof(Good)), Default(null!, null!)] public ref partial struct P { }""" },
        { "DefaultToMissing", Good + """[Parser(typeof(Good)), Default(typeof(Good), typeof(Nope))] public ref partial struct P { }""" },
        { "StackWithoutDepth", Good + """[Parser(typeof(Good)), Stack(typeof(Good))] public ref partial struct P { }""" },
        { "StackOfMissingType", Good + """[Parser(typeof(Good)), Stack(typeof(Nope), 2)] public ref partial struct P { }""" },
        { "StackOfArray", Good + """[Parser(typeof(Good)), Stack(typeof(Good[]), 2)] public ref partial struct P { }""" },
        { "StackNegative", Good + """[Parser(typeof(Good)), Stack(typeof(Good), -1)] public ref partial struct P { }""" },
        { "StackOfNonHeader", Good + """[Parser(typeof(Good)), Stack(typeof(string), 2)] public ref partial struct P { }""" },
        { "ParserOverBrokenHeader", """[Header] public readonly ref partial struct Bad { [Bits(9)] public partial byte A { get; set; } } [Parser(typeof(Bad))] public ref partial struct P { }""" },
        { "ReadonlyParser", Good + "[Parser(typeof(Good))] public readonly ref partial struct P { }" },
        { "HeaderNamedLayer", """[Header] public readonly ref partial struct Layer { [Bits(8)] public partial byte A { get; set; } } [Parser(typeof(Layer))] public ref partial struct P { }""" },
        { "HeaderNamedNone", """[Header] public readonly ref partial struct None { [Bits(8)] public partial byte A { get; set; } } [Parser(typeof(None))] public ref partial struct P { }""" },
        { "HeaderNamedLikeParser", """[Header] public readonly ref partial struct Payload { [Bits(8)] public partial byte A { get; set; } } [Parser(typeof(Payload))] public ref partial struct P { }""" },
        { "HeadersWithDerivedNames", """[Header] public readonly ref partial struct A { [Bits(8)] public partial byte K { get; set; } } [Header] public readonly ref partial struct HasA { [Bits(8)] public partial byte K { get; set; } } [Parser(typeof(A)), Select(typeof(A), "K", 1, typeof(HasA))] public ref partial struct P { }""" },
        { "ParserAndHeaderOnOneType", """[Header, Parser(typeof(H))] public readonly ref partial struct H { [Bits(8)] public partial byte A { get; set; } }""" },
        { "TwoParsersOneHeader", Good + "[Parser(typeof(Good))] public ref partial struct P { } [Parser(typeof(Good))] public ref partial struct Q { }" },
        { "SelfLoopWithoutStack", Good + """[Parser(typeof(Good)), Select(typeof(Good), "Kind", 1, typeof(Good))] public ref partial struct P { }""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedDeclarationNeverThrows(string name, string declaration)
    {
        string source = "using Fastpath;\nusing System.Collections.Generic;\nnamespace Tests." + name + ";\n" + declaration + "\n";

        // Run asserts that the driver recorded no exception.
        GeneratorRun run = GeneratorHarness.Run(source);

        // Whatever was generated must not add errors of its own: an error belongs to the user's declaration.
        var generatedTrees = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var errorsInGenerated = run.OutputErrors().Where(d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).ToList();
        Assert.True(errorsInGenerated.Count == 0,
            "Generated code has errors:\n" + GeneratorHarness.Describe(errorsInGenerated) + "\n" + string.Join("\n", run.Sources.Values));

        // Every diagnostic it reports is one of ours, with a location in the user's file when it has one.
        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            Assert.StartsWith("FP", diagnostic.Id);
            if (diagnostic.Location != Location.None)
                Assert.Equal(GeneratorHarness.DefaultPath, diagnostic.Location.GetLineSpan().Path);
        }
    }

    [Fact]
    public void CancelledRunThrowsOnlyCancellation()
    {
        var cancelled = new CancellationToken(canceled: true);
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            driver.RunGenerators(GeneratorHarness.Compile("using Fastpath; namespace T; " + Good), cancelled));
    }
}
