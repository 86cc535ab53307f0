using System.Collections.Generic;
using System.Linq;
using Fastpath.Generator.Model;

namespace Fastpath.Generator
{
    /// <summary>
    /// Writes a [Table] class's generated half: the <c>Key</c> an entry is installed under, the
    /// <c>Action</c> it names with its parameters, the control-plane API over the runtime table that
    /// fits the keys, and the per-worker <c>Reader</c> that looks packets up.
    /// </summary>
    internal static class TableEmitter
    {
        private const string Verdict = "global::Fastpath.Verdict";
        private const string Buffer = "global::Fastpath.PacketBuffer";
        private const string Tables = "global::Fastpath.Tables.";
        private const string U128 = "global::System.UInt128";

        public static string Emit(TableModel table)
        {
            var w = new SourceWriter();
            w.FileHeader();
            if (table.Namespace.Length > 0)
                w.Open("namespace " + SourceWriter.QualifiedName(table.Namespace));

            string backing = BackingType(table);
            string backingKey = BackingKey(table);
            string snapshot = SnapshotType(table);

            w.Line("/// <remarks>");
            w.Line("/// Table (generated): <code>");
            foreach (TableKeyModel key in table.Keys)
                w.Line($"///   key {key.Name}: {key.Match.ToLowerInvariant()} on {SourceWriter.XmlText(Short(key.Type))} ({key.Width} bits)");
            foreach (TableActionModel action in table.Actions)
                w.Line($"///   action {action.Name}({string.Join(", ", action.Parameters.Select(p => Short(p.Type) + " " + p.Name))}){(action.Name == table.DefaultAction ? " — default" : "")}");
            w.Line($"///   size {table.Size}; entries in {SourceWriter.XmlText(Short(backing))}{(table.CountsHits ? "; hits counted per entry" : "")}");
            w.Line("/// </code>");
            w.Line("/// " + WhyBackend(table.Backend));
            w.Line("/// </remarks>");
            w.Line(HeaderEmitter.GeneratedCode);
            w.Open($"{table.Modifiers} {SourceWriter.Identifier(table.Name)}");

            w.Line("/// <summary>The most entries the table holds.</summary>");
            w.Line($"public const int Size = {table.Size};");
            w.Line();
            if (table.Backend == TableBackend.Ternary)
                EmitFields(w, table);
            w.Line("private readonly " + backing + " _table;");
            w.Line();
            w.Line("/// <summary>Create an empty table whose hits are counted by <paramref name=\"workers\"/> workers (reader indexes 0 to workers − 1).</summary>");
            w.Open($"public {SourceWriter.Identifier(table.Name)}(int workers = 1)");
            w.Line(table.Backend == TableBackend.Ternary ? "_table = new(s_fields, Size, workers);" : "_table = new(Size, workers);");
            w.Close();
            w.Line();
            w.Line("/// <summary>Return the runtime table behind this one: entries, version, counters.</summary>");
            w.Line($"public {backing} Backing => _table;");
            w.Line();
            w.Line("/// <summary>Return how many entries are installed.</summary>");
            w.Line("public int Count => _table.Count;");
            w.Line();
            w.Line("/// <summary>Install an entry; false, with the reason, when the key is installed already, malformed, or the table is full.</summary>");
            w.Line($"public bool TryInsert(Key key, Action action, out string error) => TryApply([{Tables}TableUpdate<Key, Action>.Insert(key, action)], out error);");
            w.Line();
            w.Line("/// <summary>Change the action of an installed entry (its hit counts stay); false, with the reason, when the key is not installed.</summary>");
            w.Line($"public bool TryModify(Key key, Action action, out string error) => TryApply([{Tables}TableUpdate<Key, Action>.Modify(key, action)], out error);");
            w.Line();
            w.Line("/// <summary>Remove an entry; false, with the reason, when the key is not installed.</summary>");
            w.Line($"public bool TryDelete(Key key, out string error) => TryApply([{Tables}TableUpdate<Key, Action>.Delete(key)], out error);");
            w.Line();
            w.Line("/// <summary>Apply a batch of updates, all or nothing, and publish them to the workers as one snapshot.</summary>");
            w.Open($"public bool TryApply(global::System.Collections.Generic.IReadOnlyList<{Tables}TableUpdate<Key, Action>> updates, out string error)");
            if (table.Backend == TableBackend.Exact)
            {
                w.Line("return _table.TryApply(updates, out error);");
            }
            else
            {
                w.Line($"var converted = new {Tables}TableUpdate<{backingKey}, Action>[updates.Count];");
                w.Line("for (int i = 0; i < converted.Length; i++)");
                w.Line($"    converted[i] = new {Tables}TableUpdate<{backingKey}, Action>(updates[i].Kind, ToBacking(updates[i].Key), updates[i].Value);");
                w.Line("return _table.TryApply(converted, out error);");
            }
            w.Close();
            w.Line();
            w.Line("/// <summary>Make the table hold exactly <paramref name=\"entries\"/> (a reloaded file), as one batch; entries that did not change keep their counts.</summary>");
            w.Open($"public bool TryReplaceAll(global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<Key, Action>> entries, out string error)");
            if (table.Backend == TableBackend.Exact)
                w.Line("return _table.TryReplaceAll(entries, out error);");
            else
                w.Line($"return _table.TryReplaceAll(global::System.Linq.Enumerable.Select(entries, e => new global::System.Collections.Generic.KeyValuePair<{backingKey}, Action>(ToBacking(e.Key), e.Value)), out error);");
            w.Close();
            w.Line();
            if (table.CountsHits)
            {
                w.Line("/// <summary>Return the packets and bytes that hit the entry installed under <paramref name=\"key\"/>, summed over the workers.</summary>");
                w.Line($"public {Tables}HitCount ReadCounters(Key key) => _table.ReadCounters({(table.Backend == TableBackend.Exact ? "key" : "ToBacking(key)")});");
                w.Line();
            }
            w.Line("/// <summary>Create worker <paramref name=\"worker\"/>'s reader: keep it in the worker's [Rules] struct, where the generated <c>BeginBurst</c> refreshes it.</summary>");
            w.Line("public Reader CreateReader(int worker) => new(this, worker);");
            w.Line();
            if (table.Backend != TableBackend.Exact)
                EmitToBacking(w, table, backingKey);

            EmitKey(w, table);
            EmitActionKind(w, table);
            EmitAction(w, table);
            EmitReader(w, table, snapshot);

            w.Close();
            if (table.Namespace.Length > 0)
                w.Close();
            return w.ToString();
        }

        private static string WhyBackend(TableBackend backend) => backend switch
        {
            TableBackend.Lpm4 => "One LPM key on an IPv4 address: DIR-24-8 (DPDK rte_lpm), one or two array reads a lookup.",
            TableBackend.Lpm6 => "One LPM key on an IPv6 address: a multibit trie, one read per stride the match reaches.",
            TableBackend.Exact => "Every key exact: an open-addressing hash over the packed key, about 1.5 probes a hit.",
            _ => "Keys that are not all exact: tuple space search over the packed key bits, one probe per mask group.",
        };

        private static string Short(string type) => type.Replace("global::", "");

        private static string BackingType(TableModel t) => t.Backend switch
        {
            TableBackend.Lpm4 => Tables + "Lpm4Table<Action>",
            TableBackend.Lpm6 => Tables + "Lpm6Table<Action>",
            TableBackend.Exact => Tables + "ExactTable<Key, Action, " + Tables + "DefaultKeyHasher<Key>>",
            _ => Tables + "TernaryTable<Action>",
        };

        private static string BackingKey(TableModel t) => t.Backend switch
        {
            TableBackend.Lpm4 => Tables + "Ipv4Prefix",
            TableBackend.Lpm6 => Tables + "Ipv6Prefix",
            TableBackend.Exact => "Key",
            _ => Tables + "TernaryKey",
        };

        private static string SnapshotType(TableModel t) => t.Backend switch
        {
            TableBackend.Lpm4 => Tables + "Lpm4Snapshot<Action>",
            TableBackend.Lpm6 => Tables + "Lpm6Snapshot<Action>",
            TableBackend.Exact => Tables + "ExactSnapshot<Key, Action, " + Tables + "DefaultKeyHasher<Key>>",
            _ => Tables + "TernarySnapshot<Action>",
        };

        private static string KeyFieldType(TableKeyModel key) => key.Match switch
        {
            "Lpm" => Tables + (key.ValueKind == KeyValueKind.Ipv6 ? "Ipv6Prefix" : "Ipv4Prefix"),
            "Ternary" => $"{Tables}Masked<{key.Type}>",
            "Range" => $"{Tables}ValueRange<{key.Type}>",
            "Optional" => key.Type + "?",
            _ => key.Type,
        };

        // The key bits of a value: a ulong up to 64 bits, a UInt128 for an IPv6 address.
        private static string Bits(TableKeyModel key, string value) => key.ValueKind switch
        {
            KeyValueKind.Bool => $"({value} ? 1UL : 0UL)",
            KeyValueKind.Ipv4 => $"(ulong){value}.Value",
            KeyValueKind.Mac => $"{value}.Value",
            KeyValueKind.Ipv6 => $"new {U128}({value}.High, {value}.Low)",
            _ => $"(ulong)({key.Unsigned}){value}",
        };

        // Fields packed from the top bit down, in declaration order: the first key is the most significant.
        private static List<(TableKeyModel Key, int Shift)> Layout(TableModel t)
        {
            var layout = new List<(TableKeyModel, int)>();
            int shift = t.Keys.Sum(k => k.Width);
            foreach (TableKeyModel key in t.Keys)
            {
                shift -= key.Width;
                layout.Add((key, shift));
            }
            return layout;
        }

        private static void EmitFields(SourceWriter w, TableModel t)
        {
            w.Line("// The key fields' places in the 128-bit ternary key, first key in the top bits.");
            w.Line($"private static readonly {Tables}KeyField[] s_fields =");
            w.Line("[");
            foreach ((TableKeyModel key, int shift) in Layout(t))
                w.Line($"    new(\"{key.Name}\", {shift}, {key.Width}, {Tables}MatchKind.{key.Match}),");
            w.Line("];");
            w.Line();
        }

        private static void EmitToBacking(SourceWriter w, TableModel t, string backingKey)
        {
            w.Line("// The runtime table's key for an entry's key.");
            w.Open($"private static {backingKey} ToBacking(Key key)");
            if (t.Backend != TableBackend.Ternary)
            {
                w.Line($"return key.{SourceWriter.Identifier(t.Keys[0].Name)};");
                w.Close();
                w.Line();
                return;
            }
            w.Line($"return new {Tables}TernaryKey(key.Priority,");
            for (int i = 0; i < t.Keys.Count; i++)
            {
                TableKeyModel key = t.Keys[i];
                string f = "key." + SourceWriter.Identifier(key.Name);
                string match = key.Match switch
                {
                    "Lpm" => key.ValueKind == KeyValueKind.Ipv6
                        ? $"{Tables}FieldMatch.Prefix(new {U128}({f}.Address.High, {f}.Address.Low), {f}.Length)"
                        : $"{Tables}FieldMatch.Prefix({f}.Address.Value, {f}.Length)",
                    "Ternary" => $"{Tables}FieldMatch.Ternary({Bits(key, f + ".Value")}, {Bits(key, f + ".Mask")})",
                    "Range" => $"{Tables}FieldMatch.Range({Bits(key, f + ".Low")}, {Bits(key, f + ".High")})",
                    "Optional" => $"{f}.HasValue ? {Tables}FieldMatch.Optional({Bits(key, f + ".GetValueOrDefault()")}) : {Tables}FieldMatch.Any",
                    _ => $"{Tables}FieldMatch.Exact({Bits(key, f)})",
                };
                w.Line($"    {match}{(i == t.Keys.Count - 1 ? ");" : ",")}");
            }
            w.Close();
            w.Line();
        }

        private static void EmitKey(SourceWriter w, TableModel t)
        {
            var parameters = new List<string>();
            if (t.Backend == TableBackend.Ternary)
                parameters.Add("int Priority");
            parameters.AddRange(t.Keys.Select(k => KeyFieldType(k) + " " + SourceWriter.Identifier(k.Name)));
            w.Line(t.Backend == TableBackend.Ternary
                ? "/// <summary>An entry's key: a match per key field, and a priority (the highest matching entry wins; among equals, the first installed).</summary>"
                : "/// <summary>An entry's key: a match per key field.</summary>");
            if (t.Backend == TableBackend.Exact)
            {
                w.Line("/// <remarks>Packed with no padding: the table hashes its bytes.</remarks>");
                w.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)]");
            }
            w.Line($"public readonly record struct Key({string.Join(", ", parameters)});");
            w.Line();
        }

        private static void EmitActionKind(SourceWriter w, TableModel t)
        {
            w.Line("/// <summary>The actions an entry can name.</summary>");
            w.Open("public enum ActionKind : byte");
            foreach (TableActionModel action in t.Actions)
            {
                w.Line($"/// <summary>Run <c>{action.Name}</c>.</summary>");
                w.Line(SourceWriter.Identifier(action.Name) + ",");
            }
            w.Close();
            w.Line();
        }

        private static IEnumerable<(TableActionModel Action, TableParameterModel Parameter, string Field)> ActionFields(TableModel t) =>
            t.Actions.SelectMany(a => a.Parameters.Select(p => (a, p, "_" + a.Name + "_" + p.Name)));

        private static void EmitAction(SourceWriter w, TableModel t)
        {
            var fields = ActionFields(t).ToList();
            w.Line("/// <summary>What an entry does: one of the actions, with the parameters it was installed with.</summary>");
            w.Open("public readonly struct Action : global::System.IEquatable<Action>");
            w.Line("/// <summary>Return which action this is.</summary>");
            w.Line("public ActionKind Kind { get; }");
            w.Line();
            foreach ((_, TableParameterModel p, string field) in fields)
                w.Line($"internal readonly {p.Type} {field};");
            if (fields.Count > 0)
                w.Line();
            string ctorParameters = string.Concat(fields.Select(f => $", {f.Parameter.Type} {f.Field.Substring(1)}"));
            w.Open($"private Action(ActionKind kind{ctorParameters})");
            w.Line("Kind = kind;");
            foreach ((_, _, string field) in fields)
                w.Line($"{field} = {field.Substring(1)};");
            w.Close();
            w.Line();
            foreach (TableActionModel action in t.Actions)
            {
                string args = string.Concat(fields.Select(f => f.Action.Name == action.Name ? ", " + SourceWriter.Identifier(f.Parameter.Name) : ", default"));
                w.Line($"/// <summary>Return the action that runs <c>{action.Name}</c>{(action.Parameters.Count > 0 ? " with these parameters" : "")}.</summary>");
                w.Line($"public static Action {SourceWriter.Identifier(action.Name)}({string.Join(", ", action.Parameters.Select(p => p.Type + " " + SourceWriter.Identifier(p.Name)))}) => new(ActionKind.{SourceWriter.Identifier(action.Name)}{args});");
                w.Line();
            }
            w.Line("/// <inheritdoc/>");
            w.Open("public bool Equals(Action other)");
            w.Line("if (Kind != other.Kind)");
            w.Line("    return false;");
            w.Open("switch (Kind)");
            foreach (TableActionModel action in t.Actions.Where(a => a.Parameters.Count > 0))
            {
                w.Line($"case ActionKind.{SourceWriter.Identifier(action.Name)}:");
                string equal = string.Join(" && ", fields.Where(f => f.Action.Name == action.Name)
                    .Select(f => $"global::System.Collections.Generic.EqualityComparer<{f.Parameter.Type}>.Default.Equals({f.Field}, other.{f.Field})"));
                w.Line($"    return {equal};");
            }
            w.Line("default:");
            w.Line("    return true;");
            w.Close();
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public override bool Equals(object? obj) => obj is Action other && Equals(other);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public override int GetHashCode() => Kind switch");
            foreach (TableActionModel action in t.Actions.Where(a => a.Parameters.Count > 0))
            {
                var own = fields.Where(f => f.Action.Name == action.Name).Select(f => f.Field).Take(7).ToList();
                w.Line($"ActionKind.{SourceWriter.Identifier(action.Name)} => global::System.HashCode.Combine(Kind, {string.Join(", ", own)}),");
            }
            w.Line("_ => Kind.GetHashCode(),");
            w.Close(";");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public override string ToString() => Kind switch");
            foreach (TableActionModel action in t.Actions.Where(a => a.Parameters.Count > 0))
            {
                string text = string.Join(", ", fields.Where(f => f.Action.Name == action.Name).Select(f => $"{f.Parameter.Name}: {{{f.Field}}}"));
                w.Line($"ActionKind.{SourceWriter.Identifier(action.Name)} => $\"{action.Name}({text})\",");
            }
            w.Line("_ => Kind.ToString() + \"()\",");
            w.Close(";");
            w.Close();
            w.Line();
        }

        private static void EmitReader(SourceWriter w, TableModel t, string snapshot)
        {
            string owner = SourceWriter.Identifier(t.Name);
            w.Line(t.CountsHits
                ? "/// <summary>One worker's view of the table: the snapshot it took at the start of the burst, and its own hit-counter lane.</summary>"
                : "/// <summary>One worker's view of the table: the snapshot it took at the start of the burst.</summary>");
            w.Line("/// <remarks>Keep it in a (non-readonly) field of the worker's [Rules] struct: the generated <c>BeginBurst</c> calls <see cref=\"Refresh\"/>, so a packet pays no volatile read.</remarks>");
            w.Open("public struct Reader");
            w.Line($"private readonly {owner} _owner;");
            if (t.CountsHits)
                w.Line($"private readonly {Tables}TableCounterLane _hits;");
            w.Line($"private {snapshot} _snapshot;");
            w.Line();
            w.Open($"internal Reader({owner} owner, int worker)");
            w.Line("_owner = owner;");
            if (t.CountsHits)
                w.Line("_hits = owner._table.Counters.Lane(worker);");
            w.Line("_snapshot = owner._table.Current;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Take the table's current snapshot: call once per burst, between packets.</summary>");
            w.Line("public void Refresh() => _snapshot = _owner._table.Current;");
            w.Line();
            w.Line("/// <summary>Look the packet up and run the matching entry's action, or the default action on a miss.</summary>");
            w.Open($"public readonly {Verdict} Apply(ref {t.PacketType} p, {Buffer} buffer)");
            for (int i = 0; i < t.Keys.Count; i++)
                w.Line($"var k{i} = {SourceWriter.Identifier(t.Keys[i].Name)}(in p);");
            switch (t.Backend)
            {
                case TableBackend.Lpm4:
                case TableBackend.Lpm6:
                    w.Line("if (!_snapshot.Lookup(k0, out int index))");
                    break;
                case TableBackend.Exact:
                    w.Line($"var key = new Key({string.Join(", ", Enumerable.Range(0, t.Keys.Count).Select(i => "k" + i))});");
                    w.Line("if (!_snapshot.Lookup(in key, out int index))");
                    break;
                default:
                    var parts = Layout(t).Select((l, i) => l.Shift == 0 ? $"({U128}){Bits(l.Key, "k" + i)}" : $"(({U128}){Bits(l.Key, "k" + i)} << {l.Shift})");
                    w.Line($"{U128} key = {string.Join(" | ", parts)};");
                    w.Line("if (!_snapshot.Lookup(key, out int index))");
                    break;
            }
            w.Line($"    return {SourceWriter.Identifier(t.DefaultAction)}(ref p, buffer);");
            if (t.CountsHits)
                w.Line("_hits.Hit(index, buffer.Length);");
            w.Line("ref readonly Action action = ref _snapshot.GetValue(index);");
            w.Open("switch (action.Kind)");
            var fields = ActionFields(t).ToList();
            foreach (TableActionModel action in t.Actions.Where(a => a.Name != t.DefaultAction))
            {
                string args = string.Concat(fields.Where(f => f.Action.Name == action.Name).Select(f => ", action." + f.Field));
                w.Line($"case ActionKind.{SourceWriter.Identifier(action.Name)}:");
                w.Line($"    return {SourceWriter.Identifier(action.Name)}(ref p, buffer{args});");
            }
            w.Line("default:");
            w.Line($"    return {SourceWriter.Identifier(t.DefaultAction)}(ref p, buffer);");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
