using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fastpath.Generator
{
    /// <summary>Turns a [Rules] struct into a <see cref="RuleSetModel"/>: each condition read from its syntax into normal form.</summary>
    internal static class RulesParser
    {
        public const string RulesAttribute = "Fastpath.RulesAttribute";
        private const string RuleAttribute = "Fastpath.RuleAttribute";
        private const string ActionAttribute = "Fastpath.ActionAttribute";
        private const string PoliceAttribute = "Fastpath.PoliceAttribute";

        // The meters' limits (SingleRateThreeColorMeter.MaxRate and MaxBurst).
        private const long MaxRate = 1L << 40;
        private const long MaxBurst = int.MaxValue;
        private const string VerdictType = "Fastpath.Verdict";
        private const string PacketBufferType = "Fastpath.PacketBuffer";

        // A DNF with more terms than this is not worth a tree: the rule is called instead.
        private const int MaxTerms = 32;

        public static AnalysisResult<RuleSetModel> Analyze(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            AnalysisResult<RuleSetModel> Fail() => new(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            Location? typeLocation = type.Locations.FirstOrDefault();

            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<StructDeclarationSyntax>().ToList();
            if (declarations.Count == 0 || !declarations.All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)) || type.ContainingType is not null
                || type.IsGenericType || type.IsRefLikeType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RulesShape, typeLocation, type.Name, "declare it as a top-level, non-generic 'partial struct'"));
                return Fail();
            }
            AttributeData rules = HeaderParser.Find(type, RulesAttribute)!;
            if (rules.ConstructorArguments.Length != 1 || rules.ConstructorArguments[0].Value is not INamedTypeSymbol packet
                || HeaderParser.Find(packet, ParseGraphParser.ParserAttribute) is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RulesShape, HeaderParser.LocationOf(rules), type.Name, "[Rules] must name a [Parser] type"));
                return Fail();
            }

            // The parser's members are generated in this same run, so they are not in the compilation:
            // its headers and fields come from the parse graph's model instead.
            ParseGraphModel? graph = ParseGraphParser.Analyze(packet, cancellationToken).Model;
            if (graph is null)
                return Fail(); // the parser's own diagnostics say why

            var conditions = new List<(IMethodSymbol Method, AttributeData Attribute)>();
            var actions = new Dictionary<string, IMethodSymbol>();
            // Names of every [Rule] and every [Action] target, well-formed or not, so one mistake is reported once.
            var ruleNames = new HashSet<string>(type.GetMembers().OfType<IMethodSymbol>().Where(m => HeaderParser.Find(m, RuleAttribute) is not null).Select(m => m.Name));
            var targets = new HashSet<string>();
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (HeaderParser.Find(method, RuleAttribute) is { } rule)
                {
                    string? problem = CheckCondition(method, packet);
                    if (problem is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, method.Locations.FirstOrDefault(), method.Name, problem));
                    else
                        conditions.Add((method, rule));
                }
                if (HeaderParser.Find(method, ActionAttribute) is { } action)
                {
                    string? target = HeaderParser.Argument<string>(action, 0);
                    if (target is not null)
                        targets.Add(target);
                    string? problem = CheckAction(method, packet);
                    if (problem is null && (target is null || actions.ContainsKey(target)))
                        problem = target is null ? "[Action] must name a [Rule] method" : $"rule '{target}' already has an action";
                    if (problem is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, HeaderParser.LocationOf(action), method.Name, problem));
                    else
                        actions[target!] = method;
                }
            }
            foreach (string target in actions.Keys.Where(t => !ruleNames.Contains(t)).ToList())
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, HeaderParser.LocationOf(HeaderParser.Find(actions[target], ActionAttribute)),
                    actions[target].Name, $"there is no [Rule] method named '{target}'"));
            }

            var models = new List<RuleModel>();
            int order = 0;
            foreach ((IMethodSymbol method, AttributeData attribute) in conditions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!actions.TryGetValue(method.Name, out IMethodSymbol? action))
                {
                    if (targets.Contains(method.Name))
                        continue; // its action is malformed, and said so
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, method.Locations.FirstOrDefault(), method.Name, "no [Action] names this rule"));
                    continue;
                }
                ExpressionSyntax? body = Body(method, cancellationToken);
                string call = $"{SourceWriter.Identifier(method.Name)}(in p)";
                List<List<AtomModel>>? dnf = null;
                string why = "its body is not a single expression";
                if (body is not null)
                {
                    SemanticModel model = semanticModel.SyntaxTree == body.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(body.SyntaxTree);
                    var reader = new ConditionReader(model, method.Parameters[0], graph);
                    Node? node = reader.Read(body);
                    dnf = node is null ? null : Dnf(node, negate: false);
                    why = node is null ? $"'{reader.Unsupported}' is not understood" : $"more than {MaxTerms} alternatives";
                }
                if (dnf is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleNotAnalysed, method.Locations.FirstOrDefault(), method.Name, why));
                    dnf = new List<List<AtomModel>> { new() { new AtomModel(AtomKind.Opaque, call, CompareOp.Eq, 0, 0, false) } };
                }
                PoliceModel? police = null;
                if (HeaderParser.Find(action, PoliceAttribute) is { } policeAttribute)
                {
                    police = ReadPolice(policeAttribute, out string? problem);
                    if (problem is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, HeaderParser.LocationOf(policeAttribute), action.Name, problem));
                    else if (declarations.Any(d => d.Modifiers.Any(SyntaxKind.ReadOnlyKeyword)))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, HeaderParser.LocationOf(policeAttribute), action.Name,
                            "a [Police] action keeps its meter in the rule set, so the struct cannot be readonly"));
                }
                models.Add(new RuleModel(method.Name, HeaderParser.Named(attribute, "Priority", 0), order++, action.Name, action.IsStatic,
                    new EquatableArray<TermModel>(dnf.Select(t => new TermModel(new EquatableArray<AtomModel>(t)))),
                    body?.ToString() ?? method.Name, MayContinue(action, cancellationToken), police));
            }

            // Highest priority first; equal priorities keep declaration order (a stable sort).
            models = models.OrderByDescending(r => r.Priority).ThenBy(r => r.Order).ToList();
            HashSet<(string, string)> together = CoReachable(graph);
            CheckShadowsAndOverlaps(models, conditions, together, diagnostics);
            var exclusive = new List<string>();
            foreach (StateModel a in graph.States)
            {
                foreach (StateModel b in graph.States)
                {
                    if (!together.Contains((a.Name, b.Name)))
                        exclusive.Add(a.Name + "|" + b.Name);
                }
            }
            if (diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
                return Fail();

            List<string> readers = TableReaderFields(type, semanticModel, declarations, diagnostics, cancellationToken);
            if (diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
                return Fail();

            var declaration = declarations[0];
            string modifiers = declaration.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? "readonly partial struct" : "partial struct";
            var result = new RuleSetModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                modifiers,
                packet.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                EnumName(rules, "OnParseError", "Drop"),
                EnumName(rules, "Default", "Drop"),
                new EquatableArray<RuleModel>(models),
                new EquatableArray<string>(exclusive),
                type.GetMembers("RuleHits").OfType<IFieldSymbol>().Any(f => !f.IsStatic && f.Type.ToDisplayString() == "Fastpath.RuleCounterLane"),
                new EquatableArray<string>(readers));
            return new AnalysisResult<RuleSetModel>(result, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>
        /// The instance fields whose type is a [Table]'s generated <c>Reader</c>. That type is made in
        /// this same generator run, so the compilation does not know it yet: the field's type is read
        /// from syntax (<c>Routes.Reader</c>), its left part resolved to a class carrying [Table].
        /// </summary>
        private static List<string> TableReaderFields(INamedTypeSymbol type, SemanticModel semanticModel, List<StructDeclarationSyntax> declarations,
            List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var readers = new List<string>();
            foreach (StructDeclarationSyntax declaration in declarations)
            {
                SemanticModel model = semanticModel.SyntaxTree == declaration.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
                foreach (FieldDeclarationSyntax field in declaration.Members.OfType<FieldDeclarationSyntax>())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword))
                        continue;
                    TypeSyntax fieldType = field.Declaration.Type;
                    NameSyntax? left = fieldType switch
                    {
                        QualifiedNameSyntax { Right.Identifier.ValueText: "Reader" } q => q.Left,
                        AliasQualifiedNameSyntax => null,
                        _ => null,
                    };
                    if (left is null || model.GetSymbolInfo(left, cancellationToken).Symbol is not INamedTypeSymbol owner
                        || HeaderParser.Find(owner, TableParser.TableAttribute) is null)
                        continue;
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                    {
                        if (field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) || declaration.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShape, variable.GetLocation(), variable.Identifier.ValueText,
                                "a table reader takes its table's snapshot at each burst, so neither the field nor the struct may be readonly"));
                            continue;
                        }
                        readers.Add(variable.Identifier.ValueText);
                    }
                }
            }
            return readers;
        }

        /// <summary>Read a [Police] attribute, checking the parameters as RFC 2697/2698 and the meters require, so that a bad one fails the build, not the first packet.</summary>
        private static PoliceModel? ReadPolice(AttributeData police, out string? problem)
        {
            long cir = HeaderParser.Named(police, "CommittedRate", 0L), cbs = HeaderParser.Named(police, "CommittedBurst", 0L), ebs = HeaderParser.Named(police, "ExcessBurst", 0L);
            long pir = HeaderParser.Named(police, "PeakRate", 0L), pbs = HeaderParser.Named(police, "PeakBurst", 0L);
            string red = EnumName(police, "Red", "Drop");
            problem = null;
            if (cir < 1 || cir > MaxRate)
                problem = $"[Police] CommittedRate {cir} is outside 1..{MaxRate} bytes per second";
            else if (cbs < 0 || cbs > MaxBurst || ebs < 0 || ebs > MaxBurst || pbs < 0 || pbs > MaxBurst)
                problem = $"[Police] burst sizes are 0..{MaxBurst} bytes";
            else if (pir == 0 && pbs == 0 && cbs + ebs == 0)
                problem = "[Police] CommittedBurst and ExcessBurst are both 0 (RFC 2697: at least one must be larger than 0)";
            else if ((pir != 0 || pbs != 0) && ebs != 0)
                problem = "[Police] ExcessBurst belongs to the single-rate marker, PeakRate and PeakBurst to the two-rate one: give one set";
            else if ((pir != 0 || pbs != 0) && (pir < cir || pir > MaxRate || pbs == 0 || cbs == 0))
                problem = $"[Police] the two-rate marker needs CommittedRate <= PeakRate <= {MaxRate} and CommittedBurst, PeakBurst above 0 (RFC 2698)";
            return problem is null ? new PoliceModel(cir, cbs, ebs, pir, pbs, red) : null;
        }

        private static string? CheckCondition(IMethodSymbol method, INamedTypeSymbol packet)
        {
            if (!method.IsStatic || method.ReturnType.SpecialType != SpecialType.System_Boolean || method.Parameters.Length != 1
                || !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, packet) || method.Parameters[0].RefKind is not (RefKind.In or RefKind.None or RefKind.RefReadOnlyParameter))
                return $"a [Rule] is 'static bool {method.Name}(in {packet.Name} p)'";
            return null;
        }

        private static string? CheckAction(IMethodSymbol method, INamedTypeSymbol packet)
        {
            bool ok = method.ReturnType.ToDisplayString() == VerdictType && method.Parameters.Length == 2
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, packet) && method.Parameters[0].RefKind == RefKind.Ref
                && method.Parameters[1].Type.ToDisplayString() == PacketBufferType && method.Parameters[1].RefKind == RefKind.None
                && !method.IsGenericMethod;
            return ok ? null : $"an [Action] is 'Verdict {method.Name}(ref {packet.Name} p, PacketBuffer buffer)'";
        }

        private static ExpressionSyntax? Body(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (syntax?.ExpressionBody is { } arrow)
                return arrow.Expression;
            if (syntax?.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned })
                return returned;
            return null;
        }

        /// <summary>Whether an action's body names <c>Continue</c> anywhere (conservative: then the rules below it must still be emitted).</summary>
        private static bool MayContinue(IMethodSymbol action, CancellationToken cancellationToken)
        {
            var syntax = action.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (syntax is null || (syntax.Body is null && syntax.ExpressionBody is null))
                return true;
            return syntax.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == "Continue");
        }

        private static string EnumName(AttributeData attribute, string name, string fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == name && named.Value.Type is INamedTypeSymbol enumType)
                {
                    return enumType.GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(f => f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue) == System.Convert.ToInt64(named.Value.Value))?.Name ?? fallback;
                }
            }
            return fallback;
        }

        /// <summary>FP0024: a rule every term of which a higher rule's term implies; FP0025: equal priorities that can both match.</summary>
        private static void CheckShadowsAndOverlaps(List<RuleModel> rules, List<(IMethodSymbol Method, AttributeData Attribute)> conditions,
            HashSet<(string, string)> together, List<DiagnosticInfo> diagnostics)
        {
            Location? Where(RuleModel r) => HeaderParser.LocationOf(conditions.First(c => c.Method.Name == r.Condition).Attribute);
            static bool Opaque(RuleModel r) => r.Terms.Any(t => t.Atoms.Any(a => a.Kind == AtomKind.Opaque));
            for (int i = 0; i < rules.Count; i++)
            {
                RuleModel low = rules[i];
                if (Opaque(low))
                    continue;
                for (int j = 0; j < i; j++)
                {
                    RuleModel high = rules[j];
                    if (Opaque(high))
                        continue;
                    // Every term of the lower rule contains all atoms of some term of the higher one.
                    bool shadowed = low.Terms.Count > 0 && low.Terms.All(lt => high.Terms.Any(ht => ht.Atoms.All(a => lt.Atoms.Contains(a))));
                    if (shadowed)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuleShadowed, Where(low), low.Condition, high.Condition));
                        break;
                    }
                    if (high.Priority == low.Priority && high.Action != low.Action
                        && low.Terms.Any(lt => high.Terms.Any(ht => !Contradict(lt, ht, together))))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RulesOverlap, Where(low), high.Condition, low.Condition, low.Priority.ToString()));
                        break;
                    }
                }
            }
        }

        /// <summary>Whether two conjunctions cannot both hold: one header present and absent, or one field equal to two values (or equal and not equal to one).</summary>
        private static bool Contradict(TermModel a, TermModel b, HashSet<(string, string)> together)
        {
            // Two headers no path of the parse graph holds both of (UDP and TCP, IPv4 and IPv6).
            foreach (AtomModel x in a.Atoms.Where(x => x.Kind == AtomKind.Valid && !x.Negated))
            {
                foreach (AtomModel y in b.Atoms.Where(y => y.Kind == AtomKind.Valid && !y.Negated))
                {
                    if (!together.Contains((x.Subject, y.Subject)))
                        return true;
                }
            }
            foreach (AtomModel x in a.Atoms)
            {
                foreach (AtomModel y in b.Atoms)
                {
                    if (x.Subject != y.Subject || x.Kind != y.Kind)
                        continue;
                    if (x.Kind is AtomKind.Valid or AtomKind.Opaque or AtomKind.Masked && x.Negated != y.Negated && x.Value == y.Value && x.Mask == y.Mask)
                        return true;
                    if (x.Kind == AtomKind.Compare && x.Op == CompareOp.Eq && y.Op == CompareOp.Eq && x.Value != y.Value)
                        return true;
                    if (x.Kind == AtomKind.Compare && x.Value == y.Value && (x.Op, y.Op) is (CompareOp.Eq, CompareOp.Ne) or (CompareOp.Ne, CompareOp.Eq))
                        return true;
                }
            }
            return false;
        }

        /// <summary>The pairs of headers that one packet can hold together: one reaches the other through the parse graph.</summary>
        private static HashSet<(string, string)> CoReachable(ParseGraphModel graph)
        {
            var pairs = new HashSet<(string, string)>();
            for (int start = 0; start < graph.States.Count; start++)
            {
                var seen = new HashSet<int> { start };
                var work = new Stack<int>();
                work.Push(start);
                while (work.Count > 0)
                {
                    StateModel state = graph.States[work.Pop()];
                    foreach (int next in state.Selects.SelectMany(g => g.Transitions).Select(t => t.Next).Append(state.Default))
                    {
                        if (next >= 0 && seen.Add(next))
                            work.Push(next);
                    }
                }
                foreach (int reached in seen)
                {
                    pairs.Add((graph.States[start].Name, graph.States[reached].Name));
                    pairs.Add((graph.States[reached].Name, graph.States[start].Name));
                }
            }
            return pairs;
        }

        // Conditions as a small tree before normal form.
        internal abstract class Node
        {
        }

        private sealed class AtomNode(AtomModel atom) : Node
        {
            public AtomModel Atom { get; } = atom;
        }

        private sealed class AndNode(Node left, Node right) : Node
        {
            public Node Left { get; } = left;
            public Node Right { get; } = right;
        }

        private sealed class OrNode(Node left, Node right) : Node
        {
            public Node Left { get; } = left;
            public Node Right { get; } = right;
        }

        private sealed class NotNode(Node inner) : Node
        {
            public Node Inner { get; } = inner;
        }

        private sealed class ConstantNode(bool value) : Node
        {
            public bool Value { get; } = value;
        }

        /// <summary>Disjunctive normal form with negations pushed to the atoms; null when it grows past <see cref="MaxTerms"/>.</summary>
        private static List<List<AtomModel>>? Dnf(Node node, bool negate)
        {
            switch (node)
            {
                case AtomNode a:
                    return new List<List<AtomModel>> { new() { negate ? a.Atom.Negate() : a.Atom } };
                case ConstantNode c:
                    return c.Value != negate ? new List<List<AtomModel>> { new() } : new List<List<AtomModel>>();
                case NotNode n:
                    return Dnf(n.Inner, !negate);
                case AndNode when !negate:
                case OrNode when negate:
                {
                    (Node l, Node r) = node is AndNode x ? (x.Left, x.Right) : (((OrNode)node).Left, ((OrNode)node).Right);
                    var left = Dnf(l, negate);
                    var right = Dnf(r, negate);
                    if (left is null || right is null || left.Count * right.Count > MaxTerms)
                        return null;
                    var product = new List<List<AtomModel>>();
                    foreach (var lt in left)
                    {
                        foreach (var rt in right)
                            product.Add(lt.Concat(rt.Where(a => !lt.Contains(a))).ToList());
                    }
                    return product;
                }
                default:
                {
                    (Node l, Node r) = node is OrNode o ? (o.Left, o.Right) : (((AndNode)node).Left, ((AndNode)node).Right);
                    var left = Dnf(l, negate);
                    var right = Dnf(r, negate);
                    if (left is null || right is null || left.Count + right.Count > MaxTerms)
                        return null;
                    return left.Concat(right).ToList();
                }
            }
        }

        /// <summary>Reads a condition expression into atoms: header presence, field-versus-constant comparisons, masks, and the logic between them.</summary>
        private sealed class ConditionReader(SemanticModel model, IParameterSymbol parameter, ParseGraphModel graph)
        {
            public string Unsupported { get; private set; } = "";

            public Node? Read(ExpressionSyntax e)
            {
                switch (e)
                {
                    case ParenthesizedExpressionSyntax p:
                        return Read(p.Expression);
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                        return Read(not.Operand) is { } inner ? new NotNode(inner) : null;
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression):
                    {
                        Node? left = Read(b.Left);
                        Node? right = left is null ? null : Read(b.Right);
                        if (left is null || right is null)
                            return null;
                        return b.IsKind(SyntaxKind.LogicalAndExpression) ? new AndNode(left, right) : new OrNode(left, right);
                    }
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression):
                        return new ConstantNode(literal.IsKind(SyntaxKind.TrueLiteralExpression));
                    case BinaryExpressionSyntax compare when Op(compare.Kind()) is { } op:
                        return Compare(compare, op);
                }
                if (Presence(e) is { } header)
                    return new AtomNode(new AtomModel(AtomKind.Valid, header, CompareOp.Eq, 0, 0, false));
                if (FieldRead(e) is { IsBool: true } flag)
                    return new AtomNode(new AtomModel(AtomKind.Compare, flag.Subject, CompareOp.Eq, 1, 0, false));
                return Unsupport(e);
            }

            private Node? Unsupport(ExpressionSyntax e)
            {
                if (Unsupported.Length == 0)
                    Unsupported = e.ToString();
                return null;
            }

            private Node? Compare(BinaryExpressionSyntax b, CompareOp op)
            {
                ulong? rightValue = Constant(b.Right);
                ulong? leftValue = Constant(b.Left);
                ExpressionSyntax fieldSide = rightValue is not null ? b.Left : b.Right;
                ulong? value = rightValue ?? leftValue;
                if (value is null || (rightValue is not null && leftValue is not null))
                    return Unsupport(b);
                if (rightValue is null)
                    op = Flip(op); // the constant was on the left: 53 == x is x == 53, 5 < x is x > 5
                ExpressionSyntax inner = fieldSide is ParenthesizedExpressionSyntax p ? p.Expression : fieldSide;
                if (inner is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.BitwiseAndExpression } masked && op is CompareOp.Eq or CompareOp.Ne)
                {
                    ulong? mask = Constant(masked.Right);
                    FieldInfo? f = FieldRead(masked.Left);
                    if (mask is null || f is null || f.Value.IsBool)
                        return Unsupport(b);
                    return new AtomNode(new AtomModel(AtomKind.Masked, f.Value.Subject, CompareOp.Eq, value.Value & mask.Value, mask.Value, op == CompareOp.Ne));
                }
                FieldInfo? field = FieldRead(fieldSide);
                if (field is null)
                    return Unsupport(b);
                if (field.Value.IsBool)
                {
                    if (op is not (CompareOp.Eq or CompareOp.Ne) || value > 1)
                        return Unsupport(b);
                }
                return new AtomNode(new AtomModel(AtomKind.Compare, field.Value.Subject, op, value.Value, 0, false));
            }

            private static CompareOp? Op(SyntaxKind kind) => kind switch
            {
                SyntaxKind.EqualsExpression => CompareOp.Eq,
                SyntaxKind.NotEqualsExpression => CompareOp.Ne,
                SyntaxKind.LessThanExpression => CompareOp.Lt,
                SyntaxKind.LessThanOrEqualExpression => CompareOp.Le,
                SyntaxKind.GreaterThanExpression => CompareOp.Gt,
                SyntaxKind.GreaterThanOrEqualExpression => CompareOp.Ge,
                _ => null,
            };

            private static CompareOp Flip(CompareOp op) => op switch
            {
                CompareOp.Lt => CompareOp.Gt,
                CompareOp.Le => CompareOp.Ge,
                CompareOp.Gt => CompareOp.Lt,
                CompareOp.Ge => CompareOp.Le,
                _ => op,
            };

            // A non-negative integer, enum or bool constant.
            private ulong? Constant(ExpressionSyntax e)
            {
                Optional<object?> value = model.GetConstantValue(e);
                if (!value.HasValue || value.Value is null)
                    return null;
                if (value.Value is bool flag)
                    return flag ? 1UL : 0UL;
                if (value.Value is long or int or short or sbyte && System.Convert.ToInt64(value.Value) < 0)
                    return null;
                return value.Value is string or char or float or double or decimal ? null : HeaderParser.ToUInt64(value.Value);
            }

            // p.HasX or p.X.IsValid, where X is a header of the packet.
            private string? Presence(ExpressionSyntax e)
            {
                if (e is not MemberAccessExpressionSyntax access)
                    return null;
                if (IsParameter(access.Expression) && access.Name.Identifier.ValueText is { } name && name.StartsWith("Has", System.StringComparison.Ordinal)
                    && HeaderProperty(name.Substring(3)) is not null)
                    return name.Substring(3);
                if (access.Name.Identifier.ValueText == "IsValid" && access.Expression is MemberAccessExpressionSyntax header
                    && IsParameter(header.Expression) && HeaderProperty(header.Name.Identifier.ValueText) is not null)
                    return header.Name.Identifier.ValueText;
                return null;
            }

            private readonly struct FieldInfo
            {
                public FieldInfo(string subject, bool isBool)
                {
                    Subject = subject;
                    IsBool = isBool;
                }

                public string Subject { get; }

                public bool IsBool { get; }
            }

            // p.X.F where F is an unsigned integer, enum or bool [Bits] field of header X.
            private FieldInfo? FieldRead(ExpressionSyntax e)
            {
                if (e is ParenthesizedExpressionSyntax p)
                    return FieldRead(p.Expression);
                if (e is not MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax header } access || !IsParameter(header.Expression))
                    return null;
                string headerName = header.Name.Identifier.ValueText;
                if (HeaderProperty(headerName) is not { } headerModel)
                    return null;
                string fieldName = access.Name.Identifier.ValueText;
                if (headerModel.Fields.FirstOrDefault(f => f.Name == fieldName) is not { } field)
                    return null;
                string read = $"p.{SourceWriter.Identifier(headerName)}.{SourceWriter.Identifier(fieldName)}";
                if (field.Kind == FieldKind.Boolean)
                    return new FieldInfo($"({read} ? 1UL : 0UL)", true);
                bool unsigned = field.StorageType is "byte" or "ushort" or "uint" or "ulong";
                return field.Kind is FieldKind.Integer or FieldKind.Enum && unsigned ? new FieldInfo($"(ulong){read}", false) : null;
            }

            private bool IsParameter(ExpressionSyntax e) =>
                e is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(e).Symbol, parameter);

            // The header behind the packet's property of that name: a state of the parse graph.
            private HeaderModel? HeaderProperty(string name) =>
                graph.States.FirstOrDefault(s => s.Name == name)?.Header;
        }
    }
}
