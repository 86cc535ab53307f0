using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Fastpath.Generator
{
    /// <summary>Every diagnostic the generator reports; docs/diagnostics.md mirrors this list.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Fastpath";

        public static readonly DiagnosticDescriptor HeaderShape = new(
            "FP0001", "Header must be a top-level readonly ref partial struct",
            "Header '{0}' must be declared as a top-level 'readonly ref partial struct'", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor UnsupportedFieldType = new(
            "FP0002", "Unsupported field type",
            "Field '{0}' has type '{1}', which a header cannot hold: use an integer, bool, enum, MacAddress, Ipv4Address, Ipv6Address, or Span<byte> with [Bytes]", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor InvalidFieldWidth = new(
            "FP0003", "Invalid field width or placement",
            "Field '{0}': {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor FieldsDoNotCloseByte = new(
            "FP0004", "Header fields do not close a whole byte",
            "The fields of header '{0}' end at bit {1}, which is not a byte boundary: add or widen a field", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor FieldPastHeaderEnd = new(
            "FP0005", "Field past the header's end",
            "Field '{0}' ends at bit {1}, past the end of header '{2}' ({3} bytes)", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor MissingLengthField = new(
            "FP0006", "Length or check names a missing field",
            "[{0}] names field '{1}', which header '{2}' does not have as an integer field", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor ParseGraphCycle = new(
            "FP0007", "Parse graph has a cycle",
            "The parse graph of '{0}' has a cycle through {1}: make the repeated header a [Stack] or use distinct inner header types", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor UnreachableHeader = new(
            "FP0008", "Header unreachable from the start",
            "Header '{0}' is not reachable from the start header '{1}' of '{2}'", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor OverlappingTransitions = new(
            "FP0009", "Overlapping or duplicate transitions",
            "This transition from '{0}' overlaps an earlier one ({1}): a value would match both", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor SelectFieldMissing = new(
            "FP0010", "Select on a missing or unselectable field",
            "Header '{0}' has no integer, bool or enum field '{1}' to select on", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor NotAHeader = new(
            "FP0011", "Not a header",
            "'{0}' is not a [Header] type{1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor LittleEndianUnaligned = new(
            "FP0012", "Little-endian field is not whole bytes",
            "Little-endian field '{0}' must start on a byte boundary and be 8, 16, 32 or 64 bits wide", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor ParserShape = new(
            "FP0013", "Parser must be a top-level ref partial struct",
            "Parser '{0}' must be declared as a top-level, non-generic 'ref partial struct' that is neither readonly (parsing writes its fields) nor a [Header]", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor SelectValueTooWide = new(
            "FP0014", "Select value does not fit the field",
            "Value 0x{0:X} does not fit the {1}-bit field '{2}'", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor InvalidStackDepth = new(
            "FP0015", "Invalid stack depth",
            "Stack depth {0} of '{1}' must be between 1 and 32", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor PartialPropertyWithoutField = new(
            "FP0016", "Header property is not a field declaration",
            "Property '{0}' of header '{1}' must be declared as an instance 'partial T {0} {{ get; }}' or '{{ get; set; }}' with [Bits] or [Bytes]: no body, static, ref, init or accessor modifier", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor MixedSelectFields = new(
            "FP0017", "A field's transitions are split by another field's",
            "Transitions from '{0}' on '{1}' come after transitions on '{2}': declare each field's transitions together, since fields are tried in the order they first appear", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor TooManyStates = new(
            "FP0018", "Parse graph too large",
            "The parse graph of '{0}' has {1} headers; at most 64 are supported", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor InvalidHeaderLength = new(
            "FP0019", "Header length out of range",
            "Header '{0}' would be {1} bytes long; a header holds 1 to 4096 bytes (an absent view reads a 4096-byte block of zeros)", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor EmptyRange = new(
            "FP0020", "Select range is empty",
            "The range 0x{0}..0x{1} of field '{2}' is empty: its low bound is above its high bound", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor NameClash = new(
            "FP0021", "Name clashes with generated code",
            "'{0}' cannot be used here: {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor RuleNotAnalysed = new(
            "FP0022", "Rule condition evaluated as a call",
            "The condition of rule '{0}' is not made of header checks and field comparisons with constants ({1}): it is called in priority order instead of joining the decision tree", Category, DiagnosticSeverity.Info, true);

        public static readonly DiagnosticDescriptor RuleShape = new(
            "FP0023", "Rule or action has the wrong shape",
            "'{0}': {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor RuleShadowed = new(
            "FP0024", "Rule shadowed by a higher-priority rule",
            "Rule '{0}' only matches packets that rule '{1}' matches first: it runs only when '{1}''s action returns Verdict.Continue", Category, DiagnosticSeverity.Warning, true);

        public static readonly DiagnosticDescriptor RulesOverlap = new(
            "FP0025", "Rules of one priority overlap",
            "Rules '{0}' and '{1}' have priority {2}, can match the same packet and have different actions: declaration order decides; give them different priorities", Category, DiagnosticSeverity.Warning, true);

        public static readonly DiagnosticDescriptor RulesShape = new(
            "FP0026", "Rule set must be a top-level partial struct over a parser",
            "Rule set '{0}': {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor TableShape = new(
            "FP0027", "Table is malformed",
            "Table '{0}': {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor TableKeyShape = new(
            "FP0028", "Table key has the wrong shape or type",
            "Key '{0}': {1}", Category, DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor TableActionShape = new(
            "FP0029", "Table action has the wrong shape",
            "Table action '{0}': {1}", Category, DiagnosticSeverity.Error, true);

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(DiagnosticDescriptors)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null))
            .ToDictionary(d => d.Id);

        public static DiagnosticDescriptor ById(string id) => s_byId[id];
    }
}
