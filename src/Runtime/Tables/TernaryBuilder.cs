using System.Numerics;

namespace Fastpath.Tables;

/// <summary>Checks ternary keys against a field layout, turns each into one (value, mask) pattern plus range bounds, and builds tuple-space snapshots.</summary>
internal static class TernaryBuilder
{
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
        for (int i = 0; i < fields.Count; i++)
        {
            KeyField field = fields[i];
            string? bad = ValidateField(field, key.Fields[i]);
            if (bad is not null)
                return $"field '{field.Name}' ({field.Kind.ToString().ToLowerInvariant()}, {field.Width} bits): {bad}";
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

    /// <summary>Return the key's pattern over the fields that are not ranges, in key coordinates, and write each range field's bounds to <paramref name="bounds"/>.</summary>
    public static (UInt128 Value, UInt128 Mask) Pattern(IReadOnlyList<KeyField> fields, TernaryKey key, Span<ulong> bounds)
    {
        UInt128 value = UInt128.Zero, mask = UInt128.Zero;
        int range = 0;
        for (int i = 0; i < fields.Count; i++)
        {
            KeyField field = fields[i];
            FieldMatch match = key.Fields[i];
            if (field.Kind == MatchKind.Range)
            {
                // Exact is the range v..v, a wildcard the whole field.
                (bounds[range], bounds[range + 1]) = match.Kind switch
                {
                    MatchKind.Range => ((ulong)match.Value, match.High),
                    MatchKind.Exact => ((ulong)match.Value, (ulong)match.Value),
                    _ => (0ul, (ulong)field.WidthMask),
                };
                range += 2;
                continue;
            }
            UInt128 m = match.Kind switch
            {
                MatchKind.Exact or MatchKind.Optional => match.Mask & field.WidthMask,
                MatchKind.Ternary => match.Mask,
                _ => PrefixMask(field.Width, match.PrefixLength),
            };
            value |= match.Value << field.Shift;
            mask |= m << field.Shift;
        }
        return (value, mask);
    }

    /// <summary>Build the snapshot: rank the entries, group their patterns by mask, hash each group, list each bucket's entries best first with their range bounds.</summary>
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

        int[] rangeShifts = [.. fields.Where(f => f.Kind == MatchKind.Range).Select(f => f.Shift)];
        ulong[] rangeMasks = [.. fields.Where(f => f.Kind == MatchKind.Range).Select(f => (ulong)f.WidthMask)];
        int stride = 2 * rangeShifts.Length;
        var allBounds = new ulong[ranked.Length * stride];

        // Buckets by mask, then by masked value; entries arrive best first, so each bucket's list is in rank order.
        var groups = new Dictionary<UInt128, (int BestRank, Dictionary<UInt128, List<int>> Buckets)>();
        for (int rank = 0; rank < ranked.Length; rank++)
        {
            (UInt128 value, UInt128 mask) = Pattern(fields, ranked[rank].Key, allBounds.AsSpan(rank * stride, stride));
            if (!groups.TryGetValue(mask, out var group))
            {
                group = (rank, new Dictionary<UInt128, List<int>>());
                groups.Add(mask, group);
            }
            if (!group.Buckets.TryGetValue(value, out List<int>? bucket))
                group.Buckets.Add(value, bucket = []);
            bucket.Add(rank);
        }

        // Groups in order of their best rank, so a lookup can stop at the first group that cannot win.
        var order = groups.Select(g => (Mask: g.Key, g.Value.BestRank, g.Value.Buckets)).OrderBy(g => g.BestRank).ToList();
        var tuples = new TernaryGroup[order.Count];
        var slots = new TernarySlot[order.Sum(g => SlotsFor(g.Buckets.Count))];
        var rules = new TernaryRule[ranked.Length];
        var bounds = new ulong[allBounds.Length];
        int at = 0, ruleAt = 0;
        for (int g = 0; g < order.Count; g++)
        {
            int size = SlotsFor(order[g].Buckets.Count);
            tuples[g] = new TernaryGroup
            {
                Mask = order[g].Mask,
                BestRank = order[g].BestRank,
                SlotStart = at,
                SlotMask = size - 1,
                HashShift = 64 - BitOperations.Log2((uint)size),
            };
            foreach ((UInt128 value, List<int> bucket) in order[g].Buckets)
            {
                int i = Mix.MultiplyShift(value, tuples[g].HashShift);
                while (slots[at + i].RuleCount != 0)
                    i = (i + 1) & (size - 1);
                slots[at + i] = new TernarySlot { Value = value, RuleStart = ruleAt, RuleCount = bucket.Count };
                foreach (int rank in bucket)
                {
                    rules[ruleAt] = new TernaryRule { Rank = rank, Index = ranked[rank].Index };
                    allBounds.AsSpan(rank * stride, stride).CopyTo(bounds.AsSpan(ruleAt * stride, stride));
                    ruleAt++;
                }
            }
            at += size;
        }
        return new TernarySnapshot<TValue>(tuples, slots, rules, bounds, rangeShifts, rangeMasks, values, entries.Count);
    }

    // At most half full, as the exact table: short probes, and every probe ends at an empty slot.
    private static int SlotsFor(int buckets) => (int)BitOperations.RoundUpToPowerOf2((uint)buckets * 2);

    private static UInt128 PrefixMask(int width, int length) =>
        length == 0 ? UInt128.Zero : ((width >= 128 ? UInt128.MaxValue : (UInt128.One << width) - 1) >> (width - length)) << (width - length);
}
