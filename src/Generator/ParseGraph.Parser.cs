using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fastpath.Generator
{
    /// <summary>Turns a [Parser] struct and its Select/Default/Stack attributes into a checked <see cref="ParseGraphModel"/>.</summary>
    internal static class ParseGraphParser
    {
        public const string ParserAttribute = "Fastpath.ParserAttribute";
        private const string SelectAttribute = "Fastpath.SelectAttribute";
        private const string SelectRangeAttribute = "Fastpath.SelectRangeAttribute";
        private const string DefaultAttribute = "Fastpath.DefaultAttribute";
        private const string StackAttribute = "Fastpath.StackAttribute";
        private const string AcceptType = "Fastpath.Accept";
        private const string RejectType = "Fastpath.Reject";

        // Members every generated parser has; a header whose name or derived names match one would not compile.
        private static readonly string[] s_parserMembers =
        {
            "Layer", "IsAccepted", "Error", "ErrorLayer", "Frame", "Payload", "PayloadOffset", "Parse", "TryParse", "Fail",
            "_frame", "_frameLength", "_valid", "_payloadOffset", "_payloadEnd", "_error", "_errorLayer",
        };

        // One attribute's edge, before states are numbered.
        private sealed class Edge
        {
            public INamedTypeSymbol From = null!;
            public string? Field;
            public TransitionKind Kind;
            public ulong Value, Mask = ulong.MaxValue, High;
            public INamedTypeSymbol Next = null!;
            public bool IsDefault;
            public AttributeData Attribute = null!;
        }

        public static AnalysisResult<ParseGraphModel> Analyze(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            bool isPartial = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<StructDeclarationSyntax>()
                .All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            // The generated parser assigns its own fields, so it cannot be readonly; and a [Header] type already has a generated view.
            if (!type.IsRefLikeType || type.IsReadOnly || !isPartial || type.ContainingType is not null || type.IsGenericType
                || HeaderParser.Find(type, HeaderParser.HeaderAttribute) is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParserShape, type.Locations.FirstOrDefault(), type.Name));
                return Fail(diagnostics);
            }

            AttributeData parser = HeaderParser.Find(type, ParserAttribute)!;
            // Without a start argument the compiler has already reported the attribute; there is nothing to add.
            if (parser.ConstructorArguments.Length == 0 || parser.ConstructorArguments[0].Kind == TypedConstantKind.Error)
                return Fail(diagnostics);

            var headers = new Dictionary<INamedTypeSymbol, HeaderModel?>(SymbolEqualityComparer.Default);
            // The attribute that first names each header: name clashes in the generated parser are reported there.
            var namedBy = new Dictionary<INamedTypeSymbol, AttributeData>(SymbolEqualityComparer.Default);
            bool brokenHeader = false;

            // A typeof argument as a header, or null after reporting what it is instead (null, an array, a pointer, a non-header).
            INamedTypeSymbol? HeaderType(TypedConstant argument, AttributeData attribute, string role, bool terminalAllowed)
            {
                if (argument.Kind == TypedConstantKind.Error)
                    return null;
                if (argument.Value is INamedTypeSymbol named && (terminalAllowed && IsTerminal(named) || HeaderOf(named, attribute, role) is not null))
                    return named;
                if (argument.Value is not INamedTypeSymbol)
                {
                    string shown = argument.Value is ITypeSymbol other ? other.ToDisplayString() : "null";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAHeader, HeaderParser.LocationOf(attribute), shown, role));
                }
                return null;
            }

            HeaderModel? HeaderOf(INamedTypeSymbol symbol, AttributeData attribute, string role)
            {
                if (headers.TryGetValue(symbol, out HeaderModel? known))
                    return known;
                if (!namedBy.ContainsKey(symbol))
                    namedBy[symbol] = attribute;
                if (HeaderParser.Find(symbol, HeaderParser.HeaderAttribute) is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAHeader, HeaderParser.LocationOf(attribute), symbol.ToDisplayString(), role));
                    headers[symbol] = null;
                    return null;
                }
                AnalysisResult<HeaderModel> analysis = HeaderParser.Analyze(symbol, cancellationToken);
                // A header in this compilation reports its own errors; one from a referenced assembly has no pipeline of its own here.
                if (analysis.Model is null && symbol.DeclaringSyntaxReferences.IsEmpty)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAHeader, HeaderParser.LocationOf(attribute), symbol.ToDisplayString(),
                        " that this generator can read: its declaration in a referenced assembly is invalid"));
                }
                brokenHeader |= analysis.Model is null;
                headers[symbol] = analysis.Model;
                return analysis.Model;
            }

            INamedTypeSymbol? start = HeaderType(parser.ConstructorArguments[0], parser, " (the parser's start)", terminalAllowed: false);
            if (start is null)
                return Fail(diagnostics);

            var edges = new List<Edge>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var args = attribute.ConstructorArguments;
                // An attribute whose arguments did not bind has a compiler error already; it adds no edge.
                if (args.Any(a => a.Kind == TypedConstantKind.Error))
                    continue;
                int nextIndex;
                if (HeaderParser.Is(attribute, SelectAttribute) && args.Length == 4)
                    nextIndex = 3;
                else if (HeaderParser.Is(attribute, SelectRangeAttribute) && args.Length == 5)
                    nextIndex = 4;
                else if (HeaderParser.Is(attribute, DefaultAttribute) && args.Length == 2)
                    nextIndex = 1;
                else
                    continue;

                INamedTypeSymbol? from = HeaderType(args[0], attribute, "", terminalAllowed: false);
                INamedTypeSymbol? next = HeaderType(args[nextIndex], attribute, ", nor Accept or Reject", terminalAllowed: true);
                if (from is null || next is null)
                    continue;
                var edge = new Edge { From = from, Next = next, Attribute = attribute };
                if (nextIndex == 3)
                {
                    edge.Field = args[1].Value as string;
                    edge.Value = HeaderParser.ToUInt64(args[2].Value);
                    edge.Mask = HeaderParser.Named(attribute, "Mask", ulong.MaxValue);
                    edge.Kind = edge.Mask == ulong.MaxValue ? TransitionKind.Exact : TransitionKind.Masked;
                }
                else if (nextIndex == 4)
                {
                    edge.Field = args[1].Value as string;
                    edge.Kind = TransitionKind.Range;
                    edge.Value = HeaderParser.ToUInt64(args[2].Value);
                    edge.High = HeaderParser.ToUInt64(args[3].Value);
                }
                else
                {
                    edge.IsDefault = true;
                }
                edges.Add(edge);
            }

            var depths = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default);
            foreach (AttributeData attribute in type.GetAttributes().Where(a => HeaderParser.Is(a, StackAttribute)))
            {
                if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
                    continue;
                INamedTypeSymbol? stacked = HeaderType(attribute.ConstructorArguments[0], attribute, "", terminalAllowed: false);
                if (stacked is null)
                    continue;
                int depth = attribute.ConstructorArguments[1].Value is int d ? d : 0;
                if (depth < 1 || depth > 32)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidStackDepth, HeaderParser.LocationOf(attribute), depth.ToString(), stacked.Name));
                    continue;
                }
                depths[stacked] = depth;
            }

            if (diagnostics.Count > 0 || brokenHeader)
                return Fail(diagnostics);

            // Check fields and values of each select.
            foreach (Edge edge in edges.Where(e => !e.IsDefault))
            {
                HeaderModel from = headers[edge.From]!;
                FieldModel? field = from.Fields.FirstOrDefault(f => f.Name == edge.Field);
                if (field is null || !field.IsSelectable)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SelectFieldMissing, HeaderParser.LocationOf(edge.Attribute), from.Name, edge.Field ?? ""));
                    continue;
                }
                if (edge.Kind == TransitionKind.Range && edge.Value > edge.High)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyRange, HeaderParser.LocationOf(edge.Attribute), edge.Value.ToString("X"), edge.High.ToString("X"), field.Name));
                    continue;
                }
                ulong max = field.Width >= 64 ? ulong.MaxValue : (1UL << field.Width) - 1;
                foreach (ulong value in new[] { edge.Value & edge.Mask, edge.Kind == TransitionKind.Range ? edge.High : 0 })
                {
                    if (value > max)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SelectValueTooWide, HeaderParser.LocationOf(edge.Attribute), value.ToString("X"), field.Width.ToString(), field.Name));
                }
            }

            // Number the states by reachability from the start, breadth first; everything else is unreachable.
            var order = new List<INamedTypeSymbol> { start };
            var index = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default) { [start] = 0 };
            for (int i = 0; i < order.Count; i++)
            {
                foreach (Edge edge in edges.Where(e => SymbolEqualityComparer.Default.Equals(e.From, order[i]) && !IsTerminal(e.Next)))
                {
                    if (!index.ContainsKey(edge.Next))
                    {
                        index[edge.Next] = order.Count;
                        order.Add(edge.Next);
                    }
                }
            }
            foreach (Edge edge in edges.Where(e => !index.ContainsKey(e.From)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreachableHeader, HeaderParser.LocationOf(edge.Attribute), edge.From.Name, start.Name, type.Name));
            }
            if (order.Count > 64)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyStates, type.Locations.FirstOrDefault(), type.Name, order.Count.ToString()));

            // Cycles: a depth-first search over edges, where a self-loop on a stacked header is a bounded loop.
            var color = new int[order.Count];
            var path = new List<int>();
            bool reportedCycle = false;
            void Visit(int state)
            {
                color[state] = 1;
                path.Add(state);
                foreach (Edge edge in edges.Where(e => index.TryGetValue(e.From, out int f) && f == state && !IsTerminal(e.Next)))
                {
                    int next = index[edge.Next];
                    if (next == state && depths.ContainsKey(edge.From))
                        continue;
                    if (color[next] == 1 && !reportedCycle)
                    {
                        reportedCycle = true;
                        string cycle = string.Join(" -> ", path.Skip(path.IndexOf(next)).Select(s => order[s].Name).Concat(new[] { order[next].Name }));
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParseGraphCycle, HeaderParser.LocationOf(edge.Attribute), type.Name, cycle));
                    }
                    else if (color[next] == 0)
                    {
                        Visit(next);
                    }
                }
                path.RemoveAt(path.Count - 1);
                color[state] = 2;
            }
            Visit(0);

            // Per state: each field's transitions together (fields are tried in the order they first appear),
            // no overlapping values within a field, at most one default.
            var states = new List<StateModel>();
            for (int s = 0; s < order.Count; s++)
            {
                HeaderModel header = headers[order[s]]!;
                var mine = edges.Where(e => SymbolEqualityComparer.Default.Equals(e.From, order[s])).ToList();
                var selects = mine.Where(e => !e.IsDefault).ToList();
                var fieldOrder = new List<string?>();
                for (int i = 0; i < selects.Count; i++)
                {
                    string? field = selects[i].Field;
                    if (fieldOrder.Count == 0 || fieldOrder[fieldOrder.Count - 1] != field)
                    {
                        if (fieldOrder.Contains(field))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MixedSelectFields, HeaderParser.LocationOf(selects[i].Attribute),
                                header.Name, field ?? "", fieldOrder[fieldOrder.Count - 1] ?? ""));
                            continue;
                        }
                        fieldOrder.Add(field);
                    }
                }
                for (int i = 0; i < selects.Count; i++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        if (selects[i].Field == selects[j].Field && Overlaps(selects[i], selects[j]))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlappingTransitions, HeaderParser.LocationOf(selects[i].Attribute), header.Name, Describe(selects[j])));
                            break;
                        }
                    }
                }
                var defaults = mine.Where(e => e.IsDefault).ToList();
                foreach (Edge extra in defaults.Skip(1))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlappingTransitions, HeaderParser.LocationOf(extra.Attribute), header.Name, "another [Default]"));
                }

                int Target(INamedTypeSymbol next) => next.ToDisplayString() switch
                {
                    AcceptType => TransitionModel.Accept,
                    RejectType => TransitionModel.Reject,
                    _ => index[next],
                };
                var groups = new List<SelectModel>();
                foreach (string? fieldName in fieldOrder)
                {
                    FieldModel? field = header.Fields.FirstOrDefault(f => f.Name == fieldName);
                    if (field is null)
                        continue;
                    var transitions = selects
                        .Where(e => e.Field == fieldName)
                        .Select(e => new TransitionModel(e.Kind, e.Kind == TransitionKind.Masked ? e.Value & e.Mask : e.Value, e.Mask, e.High, Target(e.Next)));
                    groups.Add(new SelectModel(field, new EquatableArray<TransitionModel>(transitions)));
                }
                int fallback = defaults.Count > 0 ? Target(defaults[0].Next) : TransitionModel.Accept;
                // A parser's accessors may be no more visible than the header type they return.
                string accessibility = order[s].DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
                states.Add(new StateModel(header, depths.TryGetValue(order[s], out int depth) ? depth : 1,
                    new EquatableArray<SelectModel>(groups), fallback, accessibility));
            }

            // Every state adds members named after its header; they must not meet each other or the parser's own members.
            var members = new Dictionary<string, string>(System.StringComparer.Ordinal) { [type.Name] = $"the parser type '{type.Name}' itself" };
            foreach (string member in s_parserMembers)
                members[member] = $"parser '{type.Name}' generates a member named '{member}'";
            var layers = new HashSet<string>(System.StringComparer.Ordinal) { "None" };
            for (int s = 0; s < states.Count; s++)
            {
                StateModel state = states[s];
                string? clash = layers.Add(state.Name) ? null : state.Name == "None"
                    ? $"parser '{type.Name}' names its accepted layer 'None'"
                    : $"parser '{type.Name}' already has a header named '{state.Name}'; the headers of one parse graph need distinct names";
                foreach (string member in StateMembers(state))
                {
                    if (clash is null && members.TryGetValue(member, out string? owner))
                        clash = owner;
                    members[member] = $"parser '{type.Name}' generates a member named '{member}' for header '{order[s].ToDisplayString()}'";
                }
                if (clash is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, HeaderParser.LocationOf(namedBy[order[s]]), state.Name, clash));
            }

            if (diagnostics.Count > 0)
                return Fail(diagnostics);

            // A readonly parser is FP0013 above; a parser from a referenced assembly (read by a rule set) has no syntax.
            string modifiers = "ref";
            var model = new ParseGraphModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                modifiers,
                new EquatableArray<StateModel>(states));
            return new AnalysisResult<ParseGraphModel>(model, EquatableArray<DiagnosticInfo>.Empty);

            AnalysisResult<ParseGraphModel> Fail(List<DiagnosticInfo> found) =>
                new(null, new EquatableArray<DiagnosticInfo>(found));
        }

        private static bool IsTerminal(INamedTypeSymbol type) => type.ToDisplayString() is AcceptType or RejectType;

        /// <summary>The names the emitter gives the members of one state (see ParseGraphEmitter).</summary>
        private static IEnumerable<string> StateMembers(StateModel state)
        {
            string n = state.Name;
            if (state.IsStack)
                return new[] { n, n + "Count", "Has" + n, "Get" + n, "Get" + n + "Offset", n + "Slots", "_o" + n, "_l" + n, "_n" + n };
            return new[] { n, "Has" + n, n + "Offset", "_o" + n, "_l" + n };
        }

        /// <summary>Whether some field value matches both transitions (each is a set of values: exact, masked or range).</summary>
        private static bool Overlaps(Edge a, Edge b)
        {
            if (a.Kind != TransitionKind.Range && b.Kind != TransitionKind.Range)
            {
                ulong common = a.Mask & b.Mask;
                return (a.Value & common) == (b.Value & common);
            }
            if (a.Kind == TransitionKind.Range && b.Kind == TransitionKind.Range)
                return a.Value <= b.High && b.Value <= a.High;
            Edge range = a.Kind == TransitionKind.Range ? a : b;
            Edge masked = a.Kind == TransitionKind.Range ? b : a;
            if (masked.Kind == TransitionKind.Exact)
                return masked.Value >= range.Value && masked.Value <= range.High;
            // A masked value against a range: try every value of small ranges; assume overlap for huge ones.
            if (range.High - range.Value > 1 << 20)
                return true;
            for (ulong v = range.Value; v <= range.High; v++)
            {
                if ((v & masked.Mask) == (masked.Value & masked.Mask))
                    return true;
                if (v == ulong.MaxValue)
                    break;
            }
            return false;
        }

        private static string Describe(Edge edge) => edge.Kind switch
        {
            TransitionKind.Exact => $"{edge.Field} == 0x{edge.Value:X}",
            TransitionKind.Masked => $"{edge.Field} & 0x{edge.Mask:X} == 0x{edge.Value & edge.Mask:X}",
            _ => $"{edge.Field} in 0x{edge.Value:X}..0x{edge.High:X}",
        };
    }
}
