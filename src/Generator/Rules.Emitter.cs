using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Fastpath.Generator.Model;

namespace Fastpath.Generator
{
    /// <summary>
    /// Writes a [Rules] struct's <c>Process</c>: parse, then a decision tree over the rules' atoms — a
    /// <c>switch</c> on the field most rules test for equality, an <c>if</c> on anything else — and,
    /// beside it, <c>DispatchInOrder</c>, the same rules as a plain priority-ordered scan.
    /// </summary>
    internal static class RulesEmitter
    {
        private const string Verdict = "global::Fastpath.Verdict";
        private const string Kind = "global::Fastpath.VerdictKind";

        // Past this many emitted lines the tree is abandoned for the ordered scan: duplication under
        // switches can grow with rules that test no common field.
        private const int LineBudget = 50_000;

        private sealed class Term
        {
            public Term(int rule, List<AtomModel> atoms)
            {
                Rule = rule;
                Atoms = atoms;
            }

            public int Rule { get; }

            public List<AtomModel> Atoms { get; }
        }

        public static string Emit(RuleSetModel set)
        {
            var w = new SourceWriter();
            w.FileHeader("CS0168, CS0219, CS0164", "v is unused in a rule set without rules; the first node's label is reached by falling into it.");
            if (set.Namespace.Length > 0)
                w.Open("namespace " + SourceWriter.QualifiedName(set.Namespace));
            w.Line("/// <remarks>");
            w.Line("/// Rules (generated), highest priority first:");
            w.Line("/// <code>");
            foreach (RuleModel rule in set.Rules)
                w.Line($"/// {rule.Priority,6}  {SourceWriter.XmlText(rule.Condition)} -> {SourceWriter.XmlText(rule.Action)}: {SourceWriter.XmlText(Flatten(rule.Text))}");
            w.Line($"/// default -> {set.Default}; parse error -> {set.OnParseError}");
            w.Line("/// </code>");
            w.Line("/// </remarks>");
            w.Line(HeaderEmitter.GeneratedCode);
            w.Open($"{set.Modifiers} {SourceWriter.Identifier(set.Name)} : global::Fastpath.IPacketProcessor");

            w.Line("/// <summary>The rules' names in priority order: the indexes per-rule hit counters use (a <c>RuleCounterLane RuleHits</c> field, when declared).</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyList<string> RuleNames { get; } =");
            w.Line("    [" + string.Join(", ", set.Rules.Select(r => "\"" + r.Condition + "\"")) + "];");
            w.Line();
            bool polices = set.Rules.Any(r => r.Police is not null);
            if (polices)
            {
                w.Line("// Each policed action's meter: this worker's own, made on its first packet; and the time meters read, taken once per burst.");
                foreach (RuleModel rule in set.Rules.Where(r => r.Police is not null))
                    w.Line($"private global::Fastpath.{(rule.Police!.PeakRate == 0 ? "SingleRateThreeColorMeter" : "TwoRateThreeColorMeter")}? {MeterField(rule)};");
                w.Line("private long _policeNow;");
                w.Line("private static readonly double s_nanosecondsPerTick = 1e9 / global::System.Diagnostics.Stopwatch.Frequency;");
                w.Line();
            }
            w.Line("/// <summary>Pick up what may change between bursts, once per burst so that a packet pays no volatile or clock read: each table reader's snapshot, the meters' time, then whatever <c>OnBeginBurst</c> does.</summary>");
            w.Open("public void BeginBurst()");
            foreach (string reader in set.TableReaders)
                w.Line(SourceWriter.Identifier(reader) + ".Refresh();");
            if (polices)
                w.Line("_policeNow = (long)(global::System.Diagnostics.Stopwatch.GetTimestamp() * s_nanosecondsPerTick);");
            w.Line("OnBeginBurst();");
            w.Close();
            w.Line();
            w.Line("/// <summary>Implement to pick up per-burst state of your own (a snapshot of a zone, a clock), after the tables' readers.</summary>");
            w.Line("partial void OnBeginBurst();");
            w.Line();
            foreach (RuleModel rule in set.Rules.Where(r => r.Police is not null))
                EmitPolice(w, rule, set.PacketType);
            w.Line("/// <summary>Parse the packet in <paramref name=\"buffer\"/> and run the rules over it.</summary>");
            w.Open($"public {Verdict} Process(global::Fastpath.PacketBuffer buffer)");
            w.Line($"if (!{set.PacketType}.TryParse(buffer.Data, out var p))");
            w.Line($"    return new {Verdict}({Kind}.{set.OnParseError});");
            w.Line("return Dispatch(ref p, buffer);");
            w.Close();
            w.Line();

            string? tree = EmitTree(set);
            w.Line("/// <summary>Run the rules over a parsed packet: a decision tree over their conditions, same verdicts as <see cref=\"DispatchInOrder\"/>.</summary>");
            w.Open($"public {Verdict} Dispatch(ref {set.PacketType} p, global::Fastpath.PacketBuffer buffer)");
            if (tree is null)
            {
                w.Line($"// The tree would pass {LineBudget} lines: the rules run in priority order instead.");
                w.Line("return DispatchInOrder(ref p, buffer);");
            }
            else
            {
                w.Outdent();
                foreach (string line in tree.Split('\n'))
                {
                    if (line.Length > 0)
                        w.Line(line);
                }
                w.Indent();
            }
            w.Close();
            w.Line();

            w.Line("/// <summary>Run the rules one by one in priority order: the reference the decision tree must agree with.</summary>");
            w.Open($"public {Verdict} DispatchInOrder(ref {set.PacketType} p, global::Fastpath.PacketBuffer buffer)");
            w.Line($"{Verdict} v;");
            for (int r = 0; r < set.Rules.Count; r++)
            {
                RuleModel rule = set.Rules[r];
                w.Line($"if ({SourceWriter.Identifier(rule.Condition)}(in p))");
                w.Block();
                if (set.CountsHits)
                {
                    w.Line("if (!RuleHits.IsNull)");
                    w.Line($"    RuleHits.Add({r}, buffer.IsNull ? 0 : buffer.Length);");
                }
                w.Line($"v = {ActionCall(rule)}(ref p, buffer);");
                w.Line($"if (v.Kind != {Kind}.Continue)");
                w.Line("    return v;");
                w.Close();
            }
            w.Line($"return new {Verdict}({Kind}.{set.Default});");
            w.Close();

            w.Close();
            if (set.Namespace.Length > 0)
                w.Close();
            return w.ToString();
        }

        /// <summary>
        /// The decision tree as a graph of labelled nodes: a node is the list of rule terms still
        /// possible, and equal lists share one node, so a subtree reached along many paths is
        /// emitted once (a DAG, not a tree whose copies grow with every split). Null when over budget.
        /// </summary>
        private static string ActionCall(RuleModel rule) =>
            rule.Police is null ? SourceWriter.Identifier(rule.Action) : "Police_" + rule.Condition;

        private static string MeterField(RuleModel rule) => "_meter_" + rule.Condition;

        // RFC 2697/2698 color-blind marking in front of the action: red gets the [Police] verdict, green and yellow the action.
        private static void EmitPolice(SourceWriter w, RuleModel rule, string packetType)
        {
            PoliceModel police = rule.Police!;
            string field = MeterField(rule);
            string meter = police.PeakRate == 0
                ? $"new global::Fastpath.SingleRateThreeColorMeter({police.CommittedRate}, {police.CommittedBurst}, {police.ExcessBurst}, _policeNow)"
                : $"new global::Fastpath.TwoRateThreeColorMeter({police.CommittedRate}, {police.PeakRate}, {police.CommittedBurst}, {police.PeakBurst}, _policeNow)";
            string kind = police.PeakRate == 0 ? $"srTCM (RFC 2697) CIR {police.CommittedRate} B/s, CBS {police.CommittedBurst} B, EBS {police.ExcessBurst} B"
                : $"trTCM (RFC 2698) CIR {police.CommittedRate} B/s, PIR {police.PeakRate} B/s, CBS {police.CommittedBurst} B, PBS {police.PeakBurst} B";
            w.Line($"// {rule.Action}, policed: {kind}; red -> {police.Red}.");
            w.Open($"private {Verdict} {ActionCall(rule)}(ref {packetType} p, global::Fastpath.PacketBuffer buffer)");
            w.Line($"if (({field} ??= {meter}).Mark(_policeNow, buffer.IsNull ? 0 : buffer.Length) == global::Fastpath.PacketColor.Red)");
            w.Line($"    return new {Verdict}({Kind}.{police.Red});");
            w.Line($"return {SourceWriter.Identifier(rule.Action)}(ref p, buffer);");
            w.Close();
            w.Line();
        }

        private static string? EmitTree(RuleSetModel set)
        {
            var terms = new List<Term>();
            for (int r = 0; r < set.Rules.Count; r++)
            {
                foreach (TermModel t in set.Rules[r].Terms)
                    terms.Add(new Term(r, t.Atoms.ToList()));
            }
            var w = new SourceWriter();
            w.Indent(); // labels sit one level out from the code they label
            w.Line($"{Verdict} v;");
            var labels = new Dictionary<string, string>();
            var pending = new Queue<(string Label, List<Term> Terms)>();
            string Label(List<Term> list)
            {
                string key = string.Join("|", list.Select(t => t.Rule + ":" + string.Join(",", t.Atoms.Select(a => a.ToString()))));
                if (!labels.TryGetValue(key, out string? label))
                {
                    label = "Node" + labels.Count.ToString(CultureInfo.InvariantCulture);
                    labels[key] = label;
                    pending.Enqueue((label, list));
                }
                return label;
            }
            Label(terms);
            int lines = 0;
            while (pending.Count > 0)
            {
                (string label, List<Term> list) = pending.Dequeue();
                w.Outdent();
                w.Line($"{label}:");
                w.Indent();
                EmitNode(w, set, list, Label);
                lines += 8;
                if (lines > LineBudget)
                    return null;
            }
            return w.ToString();
        }

        /// <summary>Emit one node: a rule firing, a switch, or an if, each ending in a return or gotos to other nodes.</summary>
        private static void EmitNode(SourceWriter w, RuleSetModel set, List<Term> terms, System.Func<List<Term>, string> label)
        {
            if (terms.Count == 0)
            {
                w.Line($"return new {Verdict}({Kind}.{set.Default});");
                return;
            }

            Term first = terms[0];
            if (first.Atoms.Count == 0)
            {
                // The highest-priority term left holds: its rule fires; on Continue the rest decide.
                RuleModel rule = set.Rules[first.Rule];
                w.Line($"// {rule.Condition} (priority {rule.Priority}): {Flatten(rule.Text)}");
                if (set.CountsHits)
                {
                    w.Line("if (!RuleHits.IsNull)");
                    w.Line($"    RuleHits.Add({first.Rule}, buffer.IsNull ? 0 : buffer.Length);");
                }
                if (!rule.ActionMayContinue)
                {
                    w.Line($"return {ActionCall(rule)}(ref p, buffer);");
                    return;
                }
                w.Line($"v = {ActionCall(rule)}(ref p, buffer);");
                w.Line($"if (v.Kind != {Kind}.Continue)");
                w.Line("    return v;");
                w.Line($"goto {label(terms.Where(t => t.Rule != first.Rule).ToList())};");
                return;
            }

            // Pick the test whose branches carry the fewest terms between them (terms that do not
            // mention a test are copied into every branch): a switch on a field tested for equality,
            // or an if on a header's presence or on an atom of the highest-priority term.
            var exclusive = new HashSet<string>(set.Exclusive);
            (int Cost, string? Subject, List<ulong>? Values, AtomModel? Atom) best = (int.MaxValue, null, null, null);
            var subjects = terms
                .SelectMany(t => t.Atoms.Where(a => a.Kind == AtomKind.Compare && a.Op == CompareOp.Eq).Select(a => a.Subject).Distinct())
                .GroupBy(x => x)
                .OrderByDescending(g => g.Count())
                .Take(3)
                .Select(g => g.Key);
            foreach (string subject in subjects)
            {
                List<ulong> values = terms
                    .SelectMany(t => t.Atoms.Where(a => a.Subject == subject && a.Kind == AtomKind.Compare && a.Op == CompareOp.Eq).Select(a => a.Value))
                    .Distinct()
                    .ToList();
                if (values.Count < 2)
                    continue;
                int cost = SpecializeOther(terms, subject, values).Count;
                foreach (ulong value in values)
                {
                    cost += Specialize(terms, subject, value).Count;
                    if (cost >= best.Cost)
                        break;
                }
                if (cost < best.Cost)
                    best = (cost, subject, values, null);
            }
            var atoms = first.Atoms
                .Concat(terms.SelectMany(t => t.Atoms.Where(a => a.Kind == AtomKind.Valid && !a.Negated)).Distinct())
                .Distinct()
                .ToList();
            foreach (AtomModel candidate in atoms)
            {
                int cost = Assume(terms, candidate, true, exclusive).Count + Assume(terms, candidate, false, exclusive).Count;
                if (cost < best.Cost)
                    best = (cost, null, null, candidate);
            }

            if (best.Atom is null)
            {
                w.Open($"switch ({best.Subject})");
                foreach (ulong value in best.Values!)
                    w.Line($"case {Hex(value)}: goto {label(Specialize(terms, best.Subject!, value))};");
                w.Line($"default: goto {label(SpecializeOther(terms, best.Subject!, best.Values!))};");
                w.Close();
                return;
            }

            AtomModel atom = best.Atom;
            w.Line($"if ({Test(atom)})");
            w.Line($"    goto {label(Assume(terms, atom, true, exclusive))};");
            w.Line($"goto {label(Assume(terms, atom, false, exclusive))};");
        }

        /// <summary>The terms still possible when <paramref name="subject"/> equals <paramref name="value"/>, with the atoms that settles removed.</summary>
        private static List<Term> Specialize(List<Term> terms, string subject, ulong value)
        {
            var result = new List<Term>();
            foreach (Term t in terms)
            {
                var atoms = new List<AtomModel>();
                bool possible = true;
                foreach (AtomModel a in t.Atoms)
                {
                    bool? known = a.Subject != subject ? null : a.Kind switch
                    {
                        AtomKind.Compare => Evaluate(a.Op, value, a.Value),
                        AtomKind.Masked => ((value & a.Mask) == a.Value) != a.Negated,
                        _ => null,
                    };
                    if (known == false)
                    {
                        possible = false;
                        break;
                    }
                    if (known is null)
                        atoms.Add(a);
                }
                if (possible)
                    result.Add(new Term(t.Rule, atoms));
            }
            return result;
        }

        /// <summary>The terms still possible when <paramref name="subject"/> is none of <paramref name="values"/>.</summary>
        private static List<Term> SpecializeOther(List<Term> terms, string subject, List<ulong> values)
        {
            var result = new List<Term>();
            foreach (Term t in terms)
            {
                var atoms = new List<AtomModel>();
                bool possible = true;
                foreach (AtomModel a in t.Atoms)
                {
                    bool inSet = a.Subject == subject && a.Kind == AtomKind.Compare && values.Contains(a.Value);
                    if (inSet && a.Op == CompareOp.Eq)
                    {
                        possible = false;
                        break;
                    }
                    if (!(inSet && a.Op == CompareOp.Ne))
                        atoms.Add(a);
                }
                if (possible)
                    result.Add(new Term(t.Rule, atoms));
            }
            return result;
        }

        /// <summary>The terms still possible when <paramref name="atom"/> is <paramref name="truth"/>.</summary>
        private static List<Term> Assume(List<Term> terms, AtomModel atom, bool truth, HashSet<string> exclusive)
        {
            if (atom.Kind == AtomKind.Compare && atom.Op == CompareOp.Eq && truth)
                return Specialize(terms, atom.Subject, atom.Value);
            AtomModel negated = atom.Negate();
            // A header known present rules out the headers the parse graph never holds beside it.
            bool present = atom.Kind == AtomKind.Valid && atom.Negated != truth;
            var result = new List<Term>();
            foreach (Term t in terms)
            {
                bool has = t.Atoms.Contains(atom);
                bool hasNegation = t.Atoms.Contains(negated);
                if ((has && !truth) || (hasNegation && truth))
                    continue;
                if (present && t.Atoms.Any(a => a.Kind == AtomKind.Valid && !a.Negated && exclusive.Contains(atom.Subject + "|" + a.Subject)))
                    continue;
                result.Add(new Term(t.Rule, t.Atoms.Where(a => !a.Equals(atom) && !a.Equals(negated)).ToList()));
            }
            return result;
        }

        private static bool Evaluate(CompareOp op, ulong field, ulong constant) => op switch
        {
            CompareOp.Eq => field == constant,
            CompareOp.Ne => field != constant,
            CompareOp.Lt => field < constant,
            CompareOp.Le => field <= constant,
            CompareOp.Gt => field > constant,
            _ => field >= constant,
        };

        private static string Test(AtomModel a) => a.Kind switch
        {
            AtomKind.Valid => (a.Negated ? "!" : "") + "p.Has" + a.Subject,
            AtomKind.Opaque => (a.Negated ? "!" : "") + a.Subject,
            AtomKind.Masked => $"({a.Subject} & {Hex(a.Mask)}) {(a.Negated ? "!=" : "==")} {Hex(a.Value)}",
            _ => $"{a.Subject} {Symbol(a.Op)} {Hex(a.Value)}",
        };

        private static string Symbol(CompareOp op) => op switch
        {
            CompareOp.Eq => "==",
            CompareOp.Ne => "!=",
            CompareOp.Lt => "<",
            CompareOp.Le => "<=",
            CompareOp.Gt => ">",
            _ => ">=",
        };

        private static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture) + "UL";

        private static string Flatten(string text) => string.Join(" ", text.Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
    }
}
