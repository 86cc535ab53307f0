using System.Numerics;

namespace Fastpath.Tables;

/// <summary>Checks ternary keys against a field layout, expands them into (value, mask) patterns and builds tuple-space snapshots.</summary>
internal static class TernaryBuilder
{
    /// <summary>The most patterns one entry may expand to; two wide ranges in one key could otherwise make tens of thousands.</summary>
    public const int MaxPatternsPerEntry = 4096;

    /// <summary>Return what is wrong with the layout, or null.</summary>
    public static string? ValidateLayout(IReadOnlyList<KeyField> fields)
    {
        if (fields.Count == 0)
            return "a ternary table needs at least one key field";
        var names = new HashSet<string>(StringComparer.Ordinal);
        UInt128 used = UInt128.Zero;
        foreach (KeyField field in fields)
        {
            if (string.IsNullOrEmpty(field.Name))
                return "a key field has no name";
            if (!names.Add(field.Name))
                return $"field '{field.Name}' is declared twice";
            if (field.Width is < 1 or > 128 || field.Shift < 0 || field.Shift + field.Width > 128)
                return $"field '{field.Name}' ({field.Width} bits at bit {field.Shift}) does not fit a 128-bit key";
            if (field.Kind == MatchKind.Range && field.Width > 64)
                return $"field '{field.Name}' is a range field of {field.Width} bits; range fields are at most 64 bits";
            if (!Enum.IsDefined(field.Kind))
                return $"field '{field.Name}' has an unknown match kind {(int)field.Kind}";
            if ((used & field.Mask) != 0)
                return $"field '{field.Name}' overlaps an earlier field";
            used |= field.Mask;
        }
        return null;
    }

    /// <summary>Return what is wrong with <paramref name="key"/> for this layout, naming the field, or null.</summary>
    public static string? Validate(IReadOnlyList<KeyField> fields, TernaryKey key)
    {
        if (key.Fields.Count != fields.Count)
            return $"{key.Fields.Count} field matches for {fields.Count} key fields";
        long patterns = 1;
        for (int i = 0; i < fields.Count; i++)
        {
            KeyField field = fields[i];
            FieldMatch match = key.Fields[i];
            string? bad = ValidateField(field, match);
            if (bad is not null)
                return $"field '{field.Name}' ({field.Kind.ToString().ToLowerInvariant()}, {field.Width} bits): {bad}";
            if (match.Kind == MatchKind.Range)
                patterns *= RangeExpansion.Count((ulong)match.Value, match.High, field.Width);
            if (patterns > MaxPatternsPerEntry)
                return $"its ranges expand to more than {MaxPatternsPerEntry} ternary patterns; split the entry";
        }
        return null;
    }

    private static string? ValidateField(KeyField field, FieldMatch match)
    {
        UInt128 width = field.WidthMask;
        bool allowed = (field.Kind, match.Kind) switch
        {
            (_, MatchKind.Exact) => true,
            (MatchKind.Exact, _) => false,
            (_, MatchKind.Optional) when match.IsAny => true,
            (MatchKind.Optional, MatchKind.Optional) => true,
            (MatchKind.Ternary, MatchKind.Optional or MatchKind.Ternary or MatchKind.Lpm) => true,
            (MatchKind.Lpm, MatchKind.Lpm) => true,
            (MatchKind.Range, MatchKind.Range) => true,
            _ => false,
        };
        if (!allowed)
            return $"a {match.Kind.ToString().ToLowerInvariant()} match ({match}) is not allowed here";
        switch (match.Kind)
        {
            case MatchKind.Exact or MatchKind.Optional:
                if (match.Mask != UInt128.Zero && match.Mask != UInt128.MaxValue)
                    return $"an optional match's mask must be zero or all ones";
                if ((match.Value & ~width) != 0)
                    return $"value {match} does not fit in {field.Width} bits";
                if (match.Mask == UInt128.Zero && match.Value != UInt128.Zero)
                    return "a wildcard must have a zero value";
                return null;
            case MatchKind.Ternary:
                if ((match.Mask & ~width) != 0)
                    return $"mask 0x{match.Mask:x} does not fit in {field.Width} bits";
                if ((match.Value & ~match.Mask) != 0)
                    return $"value 0x{match.Value:x} has bits outside mask 0x{match.Mask:x}";
                return null;
            case MatchKind.Lpm:
                if (match.PrefixLength < 0 || match.PrefixLength > field.Width)
                    return $"prefix length {match.PrefixLength} is outside 0..{field.Width}";
                if ((match.Value & ~PrefixMask(field.Width, match.PrefixLength)) != 0)
                    return $"{match} has bits set beyond the prefix length";
                return null;
            case MatchKind.Range:
                if (match.Value > match.High)
                    return $"range {match} is empty (low > high)";
                if ((match.High & ~width) != 0)
                    return $"range {match} does not fit in {field.Width} bits";
                return null;
            default:
                return $"unknown match kind {(int)match.Kind}";
        }
    }

    /// <summary>Append the key's (value, mask) patterns, in key coordinates: the cross product of every field's patterns.</summary>
    public static void Expand(IReadOnlyList<KeyField> fields, TernaryKey key, List<(UInt128 Value, UInt128 Mask)> into, List<(UInt128 Value, UInt128 Mask)> scratch)
    {
        int start = into.Count;
        into.Add((UInt128.Zero, UInt128.Zero));
        for (int i = 0; i < fields.Count; i++)
        {
            KeyField field = fields[i];
            FieldMatch match = key.Fields[i];
            scratch.Clear();
            switch (match.Kind)
            {
                case MatchKind.Exact or MatchKind.Optional:
                    scratch.Add((match.Value, match.Mask & field.WidthMask));
                    break;
                case MatchKind.Ternary:
                    scratch.Add((match.Value, match.Mask));
                    break;
                case MatchKind.Lpm:
                    scratch.Add((match.Value, PrefixMask(field.Width, match.PrefixLength)));
                    break;
                case MatchKind.Range:
                    RangeExpansion.Expand((ulong)match.Value, match.High, field.Width, scratch);
                    break;
            }
            if (scratch.Count == 1)
            {
                (UInt128 v, UInt128 m) = scratch[0];
                for (int p = start; p < into.Count; p++)
                    into[p] = (into[p].Value | (v << field.Shift), into[p].Mask | (m << field.Shift));
                continue;
            }
            int end = into.Count;
            for (int p = start; p < end; p++)
            {
                foreach ((UInt128 v, UInt128 m) in scratch)
                    into.Add((into[p].Value | (v << field.Shift), into[p].Mask | (m << field.Shift)));
            }
            into.RemoveRange(start, end - start);
        }
    }

    /// <summary>Build the snapshot: rank the entries, expand them, group the patterns by mask, hash each group.</summary>
    public static TernarySnapshot<TValue> Build<TValue>(IReadOnlyList<KeyField> fields, IReadOnlyCollection<TableEntry<TernaryKey, TValue>> entries, int indexLimit)
        where TValue : struct
    {
        // Rank = position in (priority descending, insertion order): one int compare decides between two matches.
        var ranked = new TableEntry<TernaryKey, TValue>[entries.Count];
        var values = new TValue[indexLimit];
        int n = 0;
        foreach (TableEntry<TernaryKey, TValue> entry in entries)
        {
            ranked[n++] = entry;
            values[entry.Index] = entry.Value;
        }
        Array.Sort(ranked, static (a, b) => a.Key.Priority != b.Key.Priority
            ? b.Key.Priority.CompareTo(a.Key.Priority)
            : a.Sequence.CompareTo(b.Sequence));

        // Patterns by mask; entries arrive best first, so the first entry to claim a (mask, value) keeps it.
        var groups = new Dictionary<UInt128, (int BestRank, Dictionary<UInt128, (int Rank, int Index)> Patterns)>();
        var patterns = new List<(UInt128 Value, UInt128 Mask)>();
        var scratch = new List<(UInt128 Value, UInt128 Mask)>();
        for (int rank = 0; rank < ranked.Length; rank++)
        {
            patterns.Clear();
            Expand(fields, ranked[rank].Key, patterns, scratch);
            foreach ((UInt128 value, UInt128 mask) in patterns)
            {
                if (!groups.TryGetValue(mask, out var group))
                {
                    group = (rank, new Dictionary<UInt128, (int, int)>());
                    groups.Add(mask, group);
                }
                group.Patterns.TryAdd(value, (rank, ranked[rank].Index));
            }
        }

        // Groups in order of their best rank, so a lookup can stop at the first group that cannot win.
        var order = new List<(UInt128 Mask, int BestRank, Dictionary<UInt128, (int Rank, int Index)> Patterns)>(groups.Count);
        int slotCount = 0;
        foreach ((UInt128 mask, var group) in groups)
        {
            order.Add((mask, group.BestRank, group.Patterns));
            slotCount += SlotsFor(group.Patterns.Count);
        }
        order.Sort(static (a, b) => a.BestRank.CompareTo(b.BestRank));

        var tuples = new TernaryGroup[order.Count];
        var slots = new TernarySlot[slotCount];
        int at = 0;
        for (int g = 0; g < order.Count; g++)
        {
            int size = SlotsFor(order[g].Patterns.Count);
            tuples[g] = new TernaryGroup { Mask = order[g].Mask, BestRank = order[g].BestRank, SlotStart = at, SlotMask = size - 1 };
            foreach ((UInt128 value, (int rank, int index)) in order[g].Patterns)
            {
                int i = (int)Mix.Hash(value) & (size - 1);
                while (slots[at + i].IndexPlusOne != 0)
                    i = (i + 1) & (size - 1);
                slots[at + i] = new TernarySlot { Value = value, Rank = rank, IndexPlusOne = index + 1 };
            }
            at += size;
        }
        return new TernarySnapshot<TValue>(tuples, slots, values, entries.Count);
    }

    // At most half full, as the exact table: short probes, and every probe ends at an empty slot.
    private static int SlotsFor(int patterns) => (int)BitOperations.RoundUpToPowerOf2((uint)patterns * 2);

    private static UInt128 PrefixMask(int width, int length) =>
        length == 0 ? UInt128.Zero : ((width >= 128 ? UInt128.MaxValue : (UInt128.One << width) - 1) >> (width - length)) << (width - length);
}
