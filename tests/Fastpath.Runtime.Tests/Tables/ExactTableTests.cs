using System.Runtime.InteropServices;
using CsCheck;
using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>The exact-match hash agrees with a Dictionary under random batches of inserts, modifies and deletes, and holds a million keys.</summary>
public class ExactTableTests
{
    // (kind 0 insert / 1 modify / 2 delete, key from a small space so keys repeat, value), in batches.
    private static readonly Gen<(int Kind, ulong Key, int Value)[][]> Batches =
        Gen.Select(Gen.Int[0, 2], Gen.ULong[0, 300], Gen.Int).Array[1, 30].Array[1, 12];

    [Fact]
    public void AgreesWithADictionary()
    {
        Batches.Sample(batches => Run<DefaultKeyHasher<ulong>>(batches), iter: 200);
    }

    [Fact]
    public void AgreesWithADictionaryWhenEveryKeyCollides()
    {
        // Eight home slots for every key, four at each end of the slot array: long clusters that wrap
        // around the end, so deletes must shift keys back correctly across the wrap.
        Batches.Sample(batches => Run<ClusteringHasher>(batches), iter: 200);
    }

    [Fact]
    public void AMultiFieldKeyHashesByItsBytes()
    {
        var table = new ExactTable<FlowKey, int, DefaultKeyHasher<FlowKey>>(1000);
        var updates = new List<TableUpdate<FlowKey, int>>();
        for (int i = 0; i < 1000; i++)
            updates.Add(TableUpdate<FlowKey, int>.Insert(Flow(i), i));
        Assert.True(table.TryApply(updates, out string error), error);
        ExactSnapshot<FlowKey, int, DefaultKeyHasher<FlowKey>> snapshot = table.Current;
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(snapshot.Lookup(Flow(i), out int index));
            Assert.Equal(i, snapshot.GetValue(index));
            Assert.False(snapshot.Lookup(Flow(i + 1000), out index));
            Assert.Equal(-1, index);
        }
    }

    [Fact]
    public void AMillionKeysFit()
    {
        const int n = 1_000_000;
        var table = new ExactTable<ulong, int, DefaultKeyHasher<ulong>>(n);
        var updates = new TableUpdate<ulong, int>[n];
        for (int i = 0; i < n; i++)
            updates[i] = TableUpdate<ulong, int>.Insert((ulong)i * 0x9E3779B97F4A7C15, i);
        Assert.True(table.TryApply(updates, out string error), error);
        ExactSnapshot<ulong, int, DefaultKeyHasher<ulong>> snapshot = table.Current;
        Assert.Equal(n, snapshot.Count);
        Assert.Equal(1 << 21, snapshot.SlotCount); // load 0.48
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
            keys[i] = (ulong)i * 0x9E3779B97F4A7C15;
        var indices = new int[n];
        snapshot.LookupBurst(keys, indices);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i, snapshot.GetValue(indices[i]));
            Assert.False(snapshot.Lookup(keys[i] + 1, out _));
        }
        Assert.False(table.TryApply([TableUpdate<ulong, int>.Insert(1, 1)], out error));
        Assert.Equal($"update 0 (insert 1): the table is full ({n} entries)", error);
    }

    private static void Run<THasher>((int Kind, ulong Key, int Value)[][] batches)
        where THasher : struct, IKeyHasher<ulong>
    {
        var table = new ExactTable<ulong, int, THasher>(capacity: 200);
        var reference = new Dictionary<ulong, int>();
        foreach ((int Kind, ulong Key, int Value)[] batch in batches)
        {
            // Make the batch valid against the reference, applying it there as we go.
            var updates = new List<TableUpdate<ulong, int>>();
            foreach ((int kind, ulong key, int value) in batch)
            {
                if (!reference.ContainsKey(key) && reference.Count < table.Capacity)
                {
                    updates.Add(TableUpdate<ulong, int>.Insert(key, value));
                    reference[key] = value;
                }
                else if (reference.ContainsKey(key) && kind == 1)
                {
                    updates.Add(TableUpdate<ulong, int>.Modify(key, value));
                    reference[key] = value;
                }
                else if (reference.ContainsKey(key))
                {
                    updates.Add(TableUpdate<ulong, int>.Delete(key));
                    reference.Remove(key);
                }
            }
            Assert.True(table.TryApply(updates, out string error), error);
            ExactSnapshot<ulong, int, THasher> snapshot = table.Current;
            Assert.Equal(reference.Count, snapshot.Count);
            for (ulong key = 0; key <= 300; key++)
            {
                bool found = snapshot.Lookup(key, out int index);
                Assert.Equal(reference.TryGetValue(key, out int expected), found);
                if (found)
                    Assert.Equal(expected, snapshot.GetValue(index));
            }
        }
    }

    private static FlowKey Flow(int i) => new((uint)i, 0x0A000001, (ushort)(i * 7), 53, 17);

    /// <summary>A 5-tuple with no padding (4 + 4 + 2 + 2 + 4 bytes), so hashing its bytes is hashing its fields.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private readonly record struct FlowKey(uint Source, uint Destination, ushort SourcePort, ushort DestinationPort, uint Protocol);

    private readonly struct ClusteringHasher : IKeyHasher<ulong>
    {
        public static ulong Hash(in ulong key) => (key & 4) == 0 ? key & 3 : ulong.MaxValue - (key & 3);
    }
}
