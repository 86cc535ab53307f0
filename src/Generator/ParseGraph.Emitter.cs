using System.Globalization;
using System.Linq;
using Fastpath.Generator.Model;

namespace Fastpath.Generator
{
    /// <summary>Writes the parser for one <see cref="ParseGraphModel"/>: a state machine of gotos, one length check per header.</summary>
    internal static class ParseGraphEmitter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string Error = "global::Fastpath.ParseError";

        public static string Emit(ParseGraphModel graph)
        {
            var w = new SourceWriter();
            w.FileHeader("CS0162, CS0164", "Unused labels and the code after them are states no transition reaches in this graph.");
            if (graph.Namespace.Length > 0)
                w.Open("namespace " + SourceWriter.QualifiedName(graph.Namespace));

            w.Line("/// <remarks>");
            w.Line("/// Parse graph (generated); each header is checked for length once, then read without checks:");
            w.Line("/// <code>");
            foreach (StateModel state in graph.States)
            {
                w.Line($"/// {state.Name} ({Describe(state)})");
                foreach (string edge in Edges(graph, state))
                    w.Line($"///     {edge}");
            }
            w.Line("/// </code>");
            w.Line("/// </remarks>");
            w.Line(HeaderEmitter.GeneratedCode);
            w.Open($"{graph.Modifiers} partial struct {Id(graph.Name)}");

            w.Line("/// <summary>The headers of this parse graph, to name where a packet was rejected.</summary>");
            w.Open("public enum Layer : byte");
            w.Line("/// <summary>No header: the packet was accepted.</summary>");
            w.Line("None = 0,");
            foreach (StateModel state in graph.States)
            {
                w.Line($"/// <summary>The {state.Name} header.</summary>");
                w.Line($"{Id(state.Name)},");
            }
            w.Close();
            w.Line();
            foreach (StateModel state in graph.States.Where(s => s.IsStack))
            {
                w.Line($"// Offsets{(state.Header.IsVariableLength ? " and lengths" : "")} of up to {state.StackDepth} stacked {state.Name} headers.");
                w.Line($"[global::System.Runtime.CompilerServices.InlineArray({state.StackDepth})]");
                w.Line($"private struct {state.Name}Slots {{ private int _first; }}");
                w.Line();
            }

            w.Line("// The frame, the payload after the parsed headers, and why parsing stopped.");
            w.Line("private ref byte _frame;");
            w.Line("private int _frameLength;");
            w.Line("private int _payloadOffset;");
            w.Line("private int _payloadEnd;");
            w.Line($"private {Error} _error;");
            w.Line("private Layer _errorLayer;");
            w.Line("// Per header: where it starts and its length; an absent header points at a zero block with length 0,");
            w.Line("// so accessors need no branch. Stacked headers keep offsets and a count instead.");
            foreach (StateModel state in graph.States)
            {
                if (state.IsStack)
                {
                    w.Line($"private {state.Name}Slots _o{state.Name};");
                    if (state.Header.IsVariableLength)
                        w.Line($"private {state.Name}Slots _l{state.Name};");
                    w.Line($"private int _n{state.Name};");
                }
                else
                {
                    w.Line($"private ref byte _r{state.Name};");
                    w.Line($"private int _l{state.Name};");
                }
            }
            w.Line();

            EmitAccessors(w, graph);
            EmitParse(w, graph);

            w.Close();
            if (graph.Namespace.Length > 0)
                w.Close();
            return w.ToString();
        }

        private static void EmitAccessors(SourceWriter w, ParseGraphModel graph)
        {
            w.Line("/// <summary>Return whether the packet was accepted.</summary>");
            w.Line($"public readonly bool IsAccepted => _error == {Error}.None;");
            w.Line();
            w.Line("/// <summary>Return why the packet was rejected, or <see cref=\"global::Fastpath.ParseError.None\"/>.</summary>");
            w.Line($"public readonly {Error} Error => _error;");
            w.Line();
            w.Line("/// <summary>Return the header at which the packet was rejected.</summary>");
            w.Line("public readonly Layer ErrorLayer => _errorLayer;");
            w.Line();
            w.Line("/// <summary>Return the whole frame that was parsed.</summary>");
            w.Line($"public readonly global::System.Span<byte> Frame => {Marshal}.CreateSpan(ref _frame, _frameLength);");
            w.Line();
            w.Line("/// <summary>Return the bytes after the last parsed header, trimmed by any total-length field (empty when rejected).</summary>");
            w.Line($"public readonly global::System.Span<byte> Payload => {Marshal}.CreateSpan(ref {Unsafe}.Add(ref _frame, _payloadOffset), _payloadEnd - _payloadOffset);");
            w.Line();
            w.Line("/// <summary>Return the offset of the payload in the frame.</summary>");
            w.Line("public readonly int PayloadOffset => _payloadOffset;");

            for (int s = 0; s < graph.States.Count; s++)
            {
                StateModel state = graph.States[s];
                string type = state.Header.FullName;
                string access = state.Accessibility;
                w.Line();
                if (state.IsStack)
                {
                    string length = state.Header.IsVariableLength ? $"_l{state.Name}[index]" : $"{type}.HeaderLength";
                    w.Line($"/// <summary>Return how many {state.Name} headers were found (at most {state.StackDepth}).</summary>");
                    w.Line($"{access} readonly int {state.Name}Count => _n{state.Name};");
                    w.Line();
                    w.Line($"/// <summary>Return whether the packet has a {state.Name} header.</summary>");
                    w.Line($"{access} readonly bool Has{state.Name} => _n{state.Name} != 0;");
                    w.Line();
                    w.Line($"/// <summary>Return the first (outermost) {state.Name} header, or <see cref=\"{Cref(type)}.Absent\"/>.</summary>");
                    w.Line($"{access} readonly {type} {Id(state.Name)} => Get{state.Name}(0);");
                    w.Line();
                    w.Line($"/// <summary>Return the {state.Name} header at <paramref name=\"index\"/> (0 is outermost), or <see cref=\"{Cref(type)}.Absent\"/>.</summary>");
                    w.Line($"{access} readonly {type} Get{state.Name}(int index) => (uint)index < (uint)_n{state.Name}");
                    w.Line($"    ? {type}.CreateUnchecked(ref {Unsafe}.Add(ref _frame, _o{state.Name}[index]), {length})");
                    w.Line($"    : {type}.Absent;");
                    w.Line();
                    w.Line($"/// <summary>Return the offset in the frame of the {state.Name} header at <paramref name=\"index\"/>, or -1.</summary>");
                    w.Line($"{access} readonly int Get{state.Name}Offset(int index) => (uint)index < (uint)_n{state.Name} ? _o{state.Name}[index] : -1;");
                }
                else
                {
                    w.Line($"/// <summary>Return whether the packet has a {state.Name} header.</summary>");
                    w.Line($"{access} readonly bool Has{state.Name} => _l{state.Name} != 0;");
                    w.Line();
                    w.Line($"/// <summary>Return the {state.Name} header, or a view with <c>IsValid</c> false that reads zeros when the packet has none.</summary>");
                    w.Line($"{access} readonly {type} {Id(state.Name)} => {type}.CreateUnchecked(ref _r{state.Name}, _l{state.Name});");
                    w.Line();
                    w.Line($"/// <summary>Return the offset of the {state.Name} header in the frame, or -1.</summary>");
                    w.Line($"{access} readonly int {state.Name}Offset => _l{state.Name} != 0 ? (int){Unsafe}.ByteOffset(ref _frame, ref _r{state.Name}) : -1;");
                }
            }
            w.Line();
        }

        private static void EmitParse(SourceWriter w, ParseGraphModel graph)
        {
            w.Line("/// <summary>Parse <paramref name=\"frame\"/>; the result says which headers it has, or why it was rejected.</summary>");
            w.Open($"public static {Id(graph.Name)} Parse(global::System.Span<byte> frame)");
            w.Line("TryParse(frame, out var packet);");
            w.Line("return packet;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Parse <paramref name=\"frame\"/>; return false when it is rejected (see <see cref=\"Error\"/>). Never throws.</summary>");
            w.Open($"public static bool TryParse(global::System.Span<byte> frame, out {Id(graph.Name)} packet)");
            w.Line("// Parse state lives in locals (registers) and is written to the result once, on the way out.");
            w.Line($"ref byte b = ref {Marshal}.GetReference(frame);");
            w.Line("ref byte zeros = ref global::Fastpath.HeaderScratch.Zeros;");
            w.Line("int offset = 0;");
            w.Line("// end shrinks when a total-length field trims link-layer padding.");
            w.Line("int end = frame.Length;");
            w.Line("int payloadOffset = 0;");
            w.Line("int payloadEnd = 0;");
            w.Line($"{Error} error = {Error}.None;");
            w.Line("Layer layer = Layer.None;");
            foreach (StateModel state in graph.States)
            {
                if (state.IsStack)
                {
                    w.Line($"{state.Name}Slots o{state.Name} = default;");
                    if (state.Header.IsVariableLength)
                        w.Line($"{state.Name}Slots l{state.Name} = default;");
                    w.Line($"int n{state.Name} = 0;");
                }
                else
                {
                    w.Line($"ref byte r{state.Name} = ref zeros;");
                    w.Line($"int l{state.Name} = 0;");
                }
            }
            for (int s = 0; s < graph.States.Count; s++)
            {
                StateModel state = graph.States[s];
                HeaderModel header = state.Header;
                string type = header.FullName;
                string layer = "Layer." + Id(state.Name);
                w.Line();
                w.Line($"// {state.Name}: {Describe(state)}.");
                w.Outdent();
                w.Line($"{Label(s)}:");
                w.Indent();
                w.Block();
                if (state.IsStack)
                {
                    w.Line($"if (n{state.Name} == {state.StackDepth})");
                    w.Line($"    {Fail("StackOverflow", layer)}");
                }
                w.Line($"if (end - offset < {type}.HeaderLength)");
                w.Line($"    {Fail("Truncated", layer)}");
                w.Line($"var h = {type}.CreateUnchecked(ref {Unsafe}.Add(ref b, offset), {type}.HeaderLength);");
                foreach (ExpectModel expect in header.Expects)
                {
                    w.Line($"if ({RawBits(header.Fields.First(f => f.Name == expect.Field), "h")} != {Hex(expect.Value)})");
                    w.Line($"    {Fail(expect.Error, layer)}");
                }
                string length = $"{type}.HeaderLength";
                if (header.IsVariableLength)
                {
                    // A 32- or 64-bit length field is scaled in long and checked before it is narrowed to the int the offsets use.
                    bool wide = HeaderEmitter.IsWideLength(header);
                    string name = wide ? "wideLength" : "length";
                    w.Line($"{(wide ? "long" : "int")} {name} = {HeaderEmitter.LengthExpression(header, "h")};");
                    w.Line($"if ({name} < {type}.HeaderLength)");
                    w.Line($"    {Fail("BadLength", layer)}");
                    w.Line($"if ({name} > end - offset)");
                    w.Line($"    {Fail("Truncated", layer)}");
                    if (wide)
                        w.Line("int length = (int)wideLength;");
                    length = "length";
                }
                if (header.TotalLengthField is not null)
                {
                    FieldModel totalField = header.Fields.First(f => f.Name == header.TotalLengthField);
                    bool wide = HeaderEmitter.IsWide(totalField);
                    string add = header.TotalLengthAdd != 0 ? $" + {header.TotalLengthAdd}" : "";
                    string read = HeaderEmitter.WideValue(totalField, $"h.{Id(totalField.Name)}");
                    w.Line($"// {header.TotalLengthField} bounds this header and its payload: trim link-layer padding, refuse a frame too short.");
                    w.Line(wide ? $"long total = {read}{add};" : $"int total = (int){read}{add};");
                    w.Line($"if (total < {length} || total > end - offset)");
                    w.Line($"    {Fail("BadLength", layer)}");
                    w.Line(wide ? "end = offset + (int)total;" : "end = offset + total;");
                }
                if (state.IsStack)
                {
                    w.Line($"o{state.Name}[n{state.Name}] = offset;");
                    if (header.IsVariableLength)
                        w.Line($"l{state.Name}[n{state.Name}] = length;");
                    w.Line($"n{state.Name}++;");
                }
                else
                {
                    w.Line($"r{state.Name} = ref {Unsafe}.Add(ref b, offset);");
                    w.Line($"l{state.Name} = {length};");
                }
                w.Line($"offset += {length};");
                EmitSelect(w, graph, state);
                w.Close();
            }
            w.Line();
            w.Outdent();
            w.Line("Accepted:");
            w.Indent();
            w.Line("payloadOffset = offset;");
            w.Line("payloadEnd = end;");
            w.Outdent();
            w.Line("Done:");
            w.Indent();
            w.Line("// Headers parsed before a reject stay visible, so callers can count where packets fail.");
            w.Line("packet._frame = ref b;");
            w.Line("packet._frameLength = frame.Length;");
            w.Line("packet._payloadOffset = payloadOffset;");
            w.Line("packet._payloadEnd = payloadEnd;");
            w.Line("packet._error = error;");
            w.Line("packet._errorLayer = layer;");
            foreach (StateModel state in graph.States)
            {
                if (state.IsStack)
                {
                    w.Line($"packet._o{state.Name} = o{state.Name};");
                    if (state.Header.IsVariableLength)
                        w.Line($"packet._l{state.Name} = l{state.Name};");
                    w.Line($"packet._n{state.Name} = n{state.Name};");
                }
                else
                {
                    w.Line($"packet._r{state.Name} = ref r{state.Name};");
                    w.Line($"packet._l{state.Name} = l{state.Name};");
                }
            }
            w.Line($"return error == {Error}.None;");
            w.Close();
        }

        // A reject: remember why and where, then leave through the one exit.
        private static string Fail(string error, string layer) => $"{{ error = {Error}.{error}; layer = {layer}; goto Done; }}";

        private static void EmitSelect(SourceWriter w, ParseGraphModel graph, StateModel state)
        {
            bool many = state.Selects.Count > 1;
            bool first = true;
            foreach (SelectModel group in state.Selects)
            {
                FieldModel field = group.Field;
                bool signed = IsSigned(field);
                string name = Id(field.Name);
                if (many)
                {
                    w.Line(first ? $"// First on {field.Name}." : $"// Then, if nothing matched, on {field.Name}.");
                    w.Block();
                    first = false;
                }
                w.Line(field.Kind switch
                {
                    FieldKind.Boolean => $"byte select = h.{name} ? (byte)1 : (byte)0;",
                    FieldKind.Enum when !signed => $"{field.StorageType} select = ({field.StorageType})h.{name};",
                    _ when signed => $"ulong select = {RawBits(field, "h")};",
                    _ => $"{field.StorageType} select = h.{name};",
                });
                var exact = group.Transitions.Where(t => t.Kind == TransitionKind.Exact).ToList();
                if (exact.Count > 0)
                {
                    w.Open("switch (select)");
                    foreach (TransitionModel t in exact)
                        w.Line($"case {Hex(t.Value, signed)}: {Goto(graph, state, t.Next)}");
                    w.Close();
                }
                foreach (TransitionModel t in group.Transitions.Where(t => t.Kind == TransitionKind.Masked))
                {
                    w.Line($"if (((ulong)select & {Hex(t.Mask)}) == {Hex(t.Value)})");
                    w.Line($"    {Goto(graph, state, t.Next)}");
                }
                foreach (TransitionModel t in group.Transitions.Where(t => t.Kind == TransitionKind.Range))
                {
                    // One unsigned comparison: below the low bound wraps to a huge value (unchecked, as a checked build would throw).
                    w.Line(t.Value == 0
                        ? $"if ((ulong)select <= {Hex(t.High)})"
                        : $"if (unchecked((ulong)select - {Hex(t.Value)}) <= {Hex(t.High - t.Value)})");
                    w.Line($"    {Goto(graph, state, t.Next)}");
                }
                if (many)
                    w.Close();
            }
            w.Line(Goto(graph, state, state.Default));
        }

        private static string Goto(ParseGraphModel graph, StateModel from, int next) => next switch
        {
            TransitionModel.Accept => "goto Accepted;",
            TransitionModel.Reject => Fail("Rejected", "Layer." + Id(from.Name)),
            _ => $"goto {Label(next)};",
        };

        private static bool IsSigned(FieldModel field) => field.StorageType is "sbyte" or "short" or "int" or "long";

        /// <summary>
        /// The field's bits as a ulong, which is what Select and Expect values are: a signed field is read sign-extended,
        /// so its bits are masked back to the field's width (a 4-bit -1 compares as 0xF).
        /// </summary>
        private static string RawBits(FieldModel field, string view)
        {
            string read = $"{view}.{Id(field.Name)}";
            if (!IsSigned(field))
                return $"(ulong){read}";
            return field.Width >= 64
                ? $"unchecked((ulong){read})"
                : $"(unchecked((ulong){read}) & {Hex((1UL << field.Width) - 1)})";
        }

        private static string Id(string name) => SourceWriter.Identifier(name);

        private static string Label(int state) => "State" + state.ToString(CultureInfo.InvariantCulture);

        private static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture) + "UL";

        private static string Hex(ulong value, bool asUlong) =>
            asUlong ? Hex(value) : "0x" + value.ToString("X", CultureInfo.InvariantCulture);

        private static string Cref(string type) => type.Replace("global::", "");

        private static string Describe(StateModel state)
        {
            HeaderModel h = state.Header;
            string text = h.IsVariableLength ? $"{h.FixedLength} bytes or more by {h.LengthField}" : h.FixedLength == 1 ? "1 byte" : $"{h.FixedLength} bytes";
            if (state.IsStack)
                text += $", up to {state.StackDepth} in a row";
            if (h.TotalLengthField is not null)
                text += $", {h.TotalLengthField} bounds the packet";
            return text;
        }

        private static System.Collections.Generic.IEnumerable<string> Edges(ParseGraphModel graph, StateModel state)
        {
            string Target(int next) => next switch
            {
                TransitionModel.Accept => "accept",
                TransitionModel.Reject => "reject",
                _ => graph.States[next].Name,
            };
            foreach ((string f, TransitionModel t) in state.Selects.SelectMany(g => g.Transitions.Select(t => (g.Field.Name, t))))
            {
                string test = t.Kind switch
                {
                    TransitionKind.Exact => $"{f} == 0x{t.Value:X}",
                    TransitionKind.Masked => $"{f} & 0x{t.Mask:X} == 0x{t.Value:X}",
                    _ => $"{f} in 0x{t.Value:X}..0x{t.High:X}",
                };
                // Escaped before padding, so the arrows line up in the source.
                yield return $"{SourceWriter.XmlText(test),-32} -> {Target(t.Next)}";
            }
            yield return $"{"otherwise",-32} -> {Target(state.Default)}";
        }
    }
}
