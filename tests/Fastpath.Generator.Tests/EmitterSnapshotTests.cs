using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fastpath.Generator.Tests;

/// <summary>The emitters alone, from models built by hand: what they write does not depend on the parser finding anything.</summary>
public class EmitterSnapshotTests
{
    // A variable-length header with every kind of field the emitter writes differently.
    private static readonly HeaderModel s_header = new(
        Namespace: "Tests.Model",
        Name: "Handmade",
        Modifiers: "readonly ref",
        Fields: new EquatableArray<FieldModel>(
        [
            new FieldModel("Version", FieldKind.Integer, "byte", "byte", "public", BitOffset: 0, Width: 3, LittleEndian: false, HasSetter: true),
            new FieldModel("Urgent", FieldKind.Boolean, "bool", "byte", "public", 3, 1, false, true),
            new FieldModel("Words", FieldKind.Integer, "byte", "byte", "public", 4, 4, false, true),
            new FieldModel("Kind", FieldKind.Enum, "global::Tests.Model.Kind", "ushort", "public", 8, 16, false, true),
            new FieldModel("Total", FieldKind.Integer, "ushort", "ushort", "internal", 24, 16, false, false),
            new FieldModel("Cookie", FieldKind.Integer, "uint", "uint", "public", 40, 32, true, true),
            new FieldModel("Skew", FieldKind.Integer, "int", "int", "public", 72, 20, false, true),
            new FieldModel("Pad", FieldKind.Integer, "byte", "byte", "private", 92, 4, false, true),
            new FieldModel("Station", FieldKind.MacAddress, "global::Fastpath.MacAddress", "ulong", "public", 96, 48, false, true),
            new FieldModel("Gateway", FieldKind.Ipv4Address, "global::Fastpath.Ipv4Address", "uint", "public", 144, 32, false, false),
            new FieldModel("Target", FieldKind.Ipv6Address, "global::Fastpath.Ipv6Address", "ulong", "public", 176, 128, false, true),
            new FieldModel("Tag", FieldKind.ReadOnlyBytes, "global::System.ReadOnlySpan<byte>", "byte", "public", 304, 32, false, false),
        ]),
        FixedLength: 42,
        LengthField: "Words",
        LengthScale: 4,
        LengthAdd: 2,
        TotalLengthField: "Total",
        TotalLengthAdd: 8,
        Expects: new EquatableArray<ExpectModel>([new ExpectModel("Version", 1, "BadVersion")]));

    // A one-byte header in the global namespace, to end a graph.
    private static readonly HeaderModel s_tail = new(
        "", "Tail", "readonly ref",
        new EquatableArray<FieldModel>([new FieldModel("Code", FieldKind.Integer, "byte", "byte", "public", 0, 8, false, true)]),
        1, null, 1, 0, null, 0, EquatableArray<ExpectModel>.Empty);

    [Fact]
    public void HeaderFromHandBuiltModel()
    {
        string text = HeaderEmitter.Emit(s_header);
        AssertParses(text);
        SnapshotAssert.Matches("Emitter.Handmade", text);
    }

    [Fact]
    public void ParseGraphFromHandBuiltModel()
    {
        FieldModel kind = s_header.Fields[3];
        var graph = new ParseGraphModel("Tests.Model", "HandmadePacket", "ref", new EquatableArray<StateModel>(
        [
            new StateModel(s_header, StackDepth: 1, Selects: new EquatableArray<SelectModel>(
            [
                new SelectModel(kind, new EquatableArray<TransitionModel>(
                [
                    new TransitionModel(TransitionKind.Exact, 0x0001, ulong.MaxValue, 0, Next: 1),
                    new TransitionModel(TransitionKind.Masked, 0x0100, 0xFF00, 0, TransitionModel.Accept),
                    new TransitionModel(TransitionKind.Range, 0x8000, ulong.MaxValue, 0xFFFE, TransitionModel.Reject),
                ])),
            ]), Default: TransitionModel.Reject, Accessibility: "public"),
            new StateModel(s_tail, 4, new EquatableArray<SelectModel>(
            [
                new SelectModel(s_tail.Fields[0], new EquatableArray<TransitionModel>(
                [
                    new TransitionModel(TransitionKind.Exact, 0xFF, ulong.MaxValue, 0, Next: 1),
                ])),
            ]), TransitionModel.Accept, "internal"),
        ]));
        string text = ParseGraphEmitter.Emit(graph);
        AssertParses(text);
        SnapshotAssert.Matches("Emitter.HandmadePacket", text);
    }

    [Fact]
    public void EmitterIsDeterministic() =>
        Assert.Equal(HeaderEmitter.Emit(s_header), HeaderEmitter.Emit(s_header with { Fields = new EquatableArray<FieldModel>(s_header.Fields.ToArray()) }));

    private static void AssertParses(string text)
    {
        var errors = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, GeneratorHarness.Describe(errors));
    }
}
