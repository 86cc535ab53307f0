using CsCheck;
using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>Tuple space search agrees with a priority-ordered linear scan over entries mixing ternary, prefix, range, optional and exact fields.</summary>
public class TernaryTableTests
{
    // An ACL-like key: 32-bit ternary source, 32-bit prefix destination, 16-bit port range, optional protocol, exact 12-bit VLAN.
    private static readonly KeyField[] Fields =
    [
        new("src", 96, 32, MatchKind.Ternary),
        new("dst", 64, 32, MatchKind.Lpm),
        new("dport", 48, 16, MatchKind.Range),
        new("proto", 40, 8, MatchKind.Optional),
        new("vlan", 0, 12, MatchKind.Exact),
    ];

    private static readonly byte[] Protocols = [6, 17, 1, 58];

    [Fact]
    public void AgreesWithAPriorityOrderedLinearScan()
    {
        Gen.Select(Gen.Int, Gen.Int.Array[1, 60], Gen.Int.Array[1, 100], Gen.Bool.Array[60]).Sample((poolSeed, entrySeeds, keySeeds, deletes) =>
        {
            var pools = new Random(poolSeed);
            uint[] sources = [.. Enumerable.Range(0, 4).Select(_ => (uint)pools.NextInt64())];
            uint[] destinations = [.. Enumerable.Range(0, 4).Select(_ => (uint)pools.NextInt64())];

            var keys = new List<TernaryKey>();
            foreach (int seed in entrySeeds)
            {
                TernaryKey key = RandomEntry(new Random(seed), sources, destinations);
                if (!keys.Contains(key))
                    keys.Add(key);
            }
            var probes = keySeeds.Select(seed => RandomKey(new Random(seed), sources, destinations)).ToList();

            var table = new TernaryTable<int>(Fields, capacity: 100);
            var installed = new List<TernaryKey>(); // in insertion order, which breaks priority ties
            Assert.True(table.TryApply([.. keys.Select((k, i) => TableUpdate<TernaryKey, int>.Insert(k, i))], out string error), error);
            installed.AddRange(keys);
            Check(table, installed, keys, probes);

            var deleted = keys.Where((_, i) => deletes[i % deletes.Length]).ToList();
            Assert.True(table.TryApply([.. deleted.Select(TableUpdate<TernaryKey, int>.Delete)], out error), error);
            installed.RemoveAll(deleted.Contains);
            Check(table, installed, keys, probes);
        }, iter: 200);
    }

    [Fact]
    public void OptionalFieldsMatchExactlyOrAnything()
    {
        var table = new TernaryTable<int>([new("proto", 8, 8, MatchKind.Optional), new("port", 0, 8, MatchKind.Optional)], 8);
        Assert.True(table.TryApply(
        [
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(2, FieldMatch.Optional(6), FieldMatch.Optional(80)), 1),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(1, FieldMatch.Optional(6), FieldMatch.Any), 2),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(0, FieldMatch.Any, FieldMatch.Any), 3),
        ], out string error), error);
        Assert.Equal(1, Match(table, (6 << 8) | 80));
        Assert.Equal(2, Match(table, (6 << 8) | 81));
        Assert.Equal(3, Match(table, (17 << 8) | 80));
    }

    [Fact]
    public void RangesMatchTheirEndsAndNothingOutside()
    {
        var table = new TernaryTable<int>([new("port", 0, 16, MatchKind.Range)], 8);
        Assert.True(table.TryApply(
        [
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(1, FieldMatch.Range(1024, 49151)), 1),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(2, FieldMatch.Range(53, 53)), 2),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(0, FieldMatch.Range(0, 65535)), 3),
        ], out string error), error);
        Assert.Equal(2, Match(table, 53));
        Assert.Equal(3, Match(table, 54));
        Assert.Equal(3, Match(table, 1023));
        Assert.Equal(1, Match(table, 1024));
        Assert.Equal(1, Match(table, 49151));
        Assert.Equal(3, Match(table, 49152));
        Assert.Equal(3, Match(table, 65535));
    }

    [Fact]
    public void SeveralRangeFieldsAndSixtyFourBitRangesMatchAtTheirEnds()
    {
        // Two range fields sharing a bucket (the other fields equal), and a 64-bit field with ranges touching its extremes.
        var table = new TernaryTable<int>([new("big", 64, 64, MatchKind.Range), new("sport", 16, 16, MatchKind.Range), new("dport", 0, 16, MatchKind.Range)], 8);
        Assert.True(table.TryApply(
        [
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(3, FieldMatch.Range(1, ulong.MaxValue), FieldMatch.Range(1024, 65535), FieldMatch.Exact(53)), 1),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(2, FieldMatch.Range(0, 0), FieldMatch.Any, FieldMatch.Range(0, 1023)), 2),
            TableUpdate<TernaryKey, int>.Insert(new TernaryKey(1, FieldMatch.Any, FieldMatch.Range(0, 1023), FieldMatch.Any), 3),
        ], out string error), error);
        Assert.Equal(1, table.Current.GroupCount); // no pattern bits: every entry is in one bucket
        static UInt128 Key(ulong big, ushort sport, ushort dport) => ((UInt128)big << 64) | ((UInt128)sport << 16) | dport;
        Assert.Equal(1, Match(table, Key(ulong.MaxValue, 1024, 53)));
        Assert.Equal(1, Match(table, Key(1, 65535, 53)));
        Assert.Equal(2, Match(table, Key(0, 1024, 53)));
        Assert.Equal(2, Match(table, Key(0, 1, 1023)));
        Assert.Equal(3, Match(table, Key(7, 1023, 54)));
        Assert.Null(Match(table, Key(7, 1024, 54)));
        Assert.Null(Match(table, Key(0, 1024, 1024)));
    }

    [Fact]
    public void EqualPrioritiesGoToTheEarlierInsert()
    {
        var table = new TernaryTable<int>([new("x", 0, 8, MatchKind.Ternary)], 8);
        var wide = new TernaryKey(5, FieldMatch.Ternary(0x00, 0x00));
        var narrow = new TernaryKey(5, FieldMatch.Ternary(0x10, 0xF0));
        Assert.True(table.TryApply([TableUpdate<TernaryKey, int>.Insert(wide, 1), TableUpdate<TernaryKey, int>.Insert(narrow, 2)], out string error), error);
        Assert.Equal(1, Match(table, 0x12));
        Assert.True(table.TryApply([TableUpdate<TernaryKey, int>.Delete(wide)], out error), error);
        Assert.Equal(2, Match(table, 0x12));
        Assert.True(table.TryApply([TableUpdate<TernaryKey, int>.Insert(wide, 1)], out error), error);
        Assert.Equal(2, Match(table, 0x12));
        Assert.Equal(1, Match(table, 0x22));
    }

    [Fact]
    public void BadEntriesNameTheirField()
    {
        var table = new TernaryTable<int>(Fields, 8);
        FieldMatch[] good = [FieldMatch.Ternary(0x0A000000, 0xFF000000), FieldMatch.Prefix(0x0A000000, 8), FieldMatch.Range(80, 443), FieldMatch.Any, FieldMatch.Exact(10)];
        Assert.True(table.TryApply([TableUpdate<TernaryKey, int>.Insert(new TernaryKey(1, good), 1)], out string error), error);

        AssertError(table, 0, FieldMatch.Ternary(0x0A000001, 0xFF000000),
            "field 'src' (ternary, 32 bits): value 0xa000001 has bits outside mask 0xff000000");
        AssertError(table, 1, FieldMatch.Prefix(0x0A000001, 8),
            "field 'dst' (lpm, 32 bits): 0xa000001/8 has bits set beyond the prefix length");
        AssertError(table, 2, FieldMatch.Range(443, 80),
            "field 'dport' (range, 16 bits): range 443..80 is empty (low > high)");
        AssertError(table, 2, FieldMatch.Range(0, 70000),
            "field 'dport' (range, 16 bits): range 0..70000 does not fit in 16 bits");
        AssertError(table, 3, FieldMatch.Ternary(6, 0xFF),
            "field 'proto' (optional, 8 bits): a ternary match (0x6&&&0xff) is not allowed here");
        AssertError(table, 4, FieldMatch.Any,
            "field 'vlan' (exact, 12 bits): a optional match (*) is not allowed here");
        AssertError(table, 4, FieldMatch.Exact(4096),
            "field 'vlan' (exact, 12 bits): value 4096 does not fit in 12 bits");

        Assert.False(table.TryApply([TableUpdate<TernaryKey, int>.Insert(new TernaryKey(1, good[..4]), 2)], out error));
        Assert.EndsWith("4 field matches for 5 key fields", error);
        Assert.Equal(1, table.Count);

        Assert.Throws<ArgumentException>(() => new TernaryTable<int>([new("a", 0, 8, MatchKind.Exact), new("b", 4, 8, MatchKind.Exact)], 8));
        Assert.Throws<ArgumentException>(() => new TernaryTable<int>([new("a", 0, 65, MatchKind.Range)], 8));
        Assert.Throws<ArgumentException>(() => new TernaryTable<int>([new("a", 100, 29, MatchKind.Ternary)], 8));
    }

    private static void AssertError(TernaryTable<int> table, int field, FieldMatch bad, string expected)
    {
        FieldMatch[] fields = [FieldMatch.Ternary(0x0A000000, 0xFF000000), FieldMatch.Prefix(0x0A000000, 8), FieldMatch.Range(80, 443), FieldMatch.Any, FieldMatch.Exact(10)];
        fields[field] = bad;
        var key = new TernaryKey(2, fields);
        Assert.False(table.TryApply([TableUpdate<TernaryKey, int>.Insert(key, 9)], out string error));
        Assert.Equal($"update 0 (insert {key}): {expected}", error);
        Assert.Equal(1, table.Count);
    }

    private static int? Match(TernaryTable<int> table, UInt128 key)
    {
        TernarySnapshot<int> snapshot = table.Current;
        return snapshot.Lookup(key, out int index) ? snapshot.GetValue(index) : null;
    }

    private static TernaryKey RandomEntry(Random r, uint[] sources, uint[] destinations)
    {
        uint srcMask = r.Next(4) switch { 0 => 0, 1 => uint.MaxValue, 2 => 0xFFFF0000, _ => (uint)r.NextInt64() };
        int dstLength = r.Next(6) switch { 0 => 0, 1 => 32, 2 => 24, 3 => 16, _ => r.Next(33) };
        int low = r.Next(1200), high = low + (r.Next(3) == 0 ? 0 : r.Next(400));
        return new TernaryKey(
            r.Next(5),
            FieldMatch.Ternary(sources[r.Next(4)] & srcMask, srcMask),
            FieldMatch.Prefix(destinations[r.Next(4)] & Ipv4Prefix.MaskOf(dstLength), dstLength),
            FieldMatch.Range((ulong)low, (ulong)high),
            r.Next(3) == 0 ? FieldMatch.Any : FieldMatch.Optional(Protocols[r.Next(4)]),
            FieldMatch.Exact((ulong)(r.Next(2) * 10 + 10)));
    }

    private static UInt128 RandomKey(Random r, uint[] sources, uint[] destinations)
    {
        uint src = sources[r.Next(4)] ^ (r.Next(2) == 0 ? 0 : (uint)r.Next(1 << 20));
        uint dst = destinations[r.Next(4)] ^ (uint)r.Next(1 << r.Next(1, 31));
        return Fields[0].Place(src) | Fields[1].Place(dst) | Fields[2].Place((ulong)r.Next(1700))
            | Fields[3].Place(r.Next(4) == 0 ? (byte)r.Next(256) : Protocols[r.Next(4)]) | Fields[4].Place((ulong)(r.Next(2) * 10 + 10));
    }

    private static bool Matches(TernaryKey key, UInt128 packet)
    {
        for (int i = 0; i < Fields.Length; i++)
        {
            KeyField field = Fields[i];
            FieldMatch m = key.Fields[i];
            UInt128 v = (packet >> field.Shift) & field.WidthMask;
            bool ok = m.Kind switch
            {
                MatchKind.Exact => v == m.Value,
                MatchKind.Ternary => (v & m.Mask) == m.Value,
                MatchKind.Lpm => m.PrefixLength == 0 || v >> (field.Width - m.PrefixLength) == m.Value >> (field.Width - m.PrefixLength),
                MatchKind.Range => v >= m.Value && v <= m.High,
                _ => m.IsAny || v == m.Value,
            };
            if (!ok)
                return false;
        }
        return true;
    }

    private static void Check(TernaryTable<int> table, List<TernaryKey> installed, List<TernaryKey> all, List<UInt128> probes)
    {
        // The reference: highest priority first, insertion order among equals (OrderBy is stable).
        var byPriority = installed.OrderByDescending(k => k.Priority).ToList();
        TernarySnapshot<int> snapshot = table.Current;
        Assert.Equal(installed.Count, snapshot.Count);
        var indices = new int[probes.Count];
        snapshot.LookupBurst(probes.ToArray(), indices);
        for (int i = 0; i < probes.Count; i++)
        {
            TernaryKey? expected = byPriority.FirstOrDefault(k => Matches(k, probes[i]));
            bool found = snapshot.Lookup(probes[i], out int index);
            Assert.Equal(index, indices[i]);
            Assert.True((expected is null ? null : all.IndexOf(expected)) == (found ? snapshot.GetValue(index) : null),
                $"key 0x{probes[i]:x32}: expected {expected?.ToString() ?? "no match"}, got {(found ? all[snapshot.GetValue(index)].ToString() : "no match")}");
        }
    }
}
