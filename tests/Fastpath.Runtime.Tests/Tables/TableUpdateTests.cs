using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>Batches are all or nothing and name the offending key; indices and hit counters survive snapshot swaps.</summary>
public class TableUpdateTests
{
    private static readonly Ipv4Prefix A = Ipv4Prefix.Parse("10.0.0.0/8");
    private static readonly Ipv4Prefix B = Ipv4Prefix.Parse("10.1.0.0/16");
    private static readonly Ipv4Prefix C = Ipv4Prefix.Parse("192.168.0.0/16");

    [Fact]
    public void ABatchWithOneBadUpdateChangesNothing()
    {
        var table = new Lpm4Table<int>(8);
        Assert.True(table.TryApply([Insert(A, 1)], out string error), error);
        Lpm4Snapshot<int> before = table.Current;
        long version = table.Version;

        // Good updates before and after the bad one: none of them may land.
        Assert.False(table.TryApply([Insert(B, 2), Modify(A, 3), Insert(A, 4), Insert(C, 5)], out error));
        Assert.Equal("update 2 (insert 10.0.0.0/8): already installed", error);
        Assert.Same(before, table.Current);
        Assert.Equal(version, table.Version);
        Assert.Equal(1, table.Count);
        Assert.True(table.TryGetEntry(A, out TableEntry<Ipv4Prefix, int> a));
        Assert.Equal(1, a.Value);

        Assert.False(table.TryApply([Delete(C)], out error));
        Assert.Equal("update 0 (delete 192.168.0.0/16): not installed", error);
        Assert.False(table.TryApply([Modify(B, 1)], out error));
        Assert.Equal("update 0 (modify 10.1.0.0/16): not installed", error);
        Assert.False(table.TryApply([Delete(A), Delete(A)], out error));
        Assert.Equal("update 1 (delete 10.0.0.0/8): not installed", error);
        Assert.Same(before, table.Current);
    }

    [Fact]
    public void UpdatesApplyInOrderWithinABatch()
    {
        var table = new Lpm4Table<int>(2);
        Assert.True(table.TryApply([Insert(A, 1), Insert(B, 2)], out string error), error);
        // Full: a delete earlier in the batch makes room for an insert later in it.
        Assert.False(table.TryApply([Insert(C, 3), Delete(B)], out error));
        Assert.Equal("update 0 (insert 192.168.0.0/16): the table is full (2 entries)", error);
        Assert.True(table.TryApply([Delete(B), Insert(C, 3), Delete(A), Insert(A, 4), Modify(A, 5)], out error), error);
        Assert.Equal([(C, 3), (A, 5)], table.GetEntries().Select(e => (e.Key, e.Value)).OrderBy(e => e.Value));
        Lpm4Snapshot<int> snapshot = table.Current;
        Assert.True(snapshot.Lookup(Ipv4Address.Parse("10.1.0.1"), out int index));
        Assert.Equal(5, snapshot.GetValue(index));
    }

    [Fact]
    public void ReplaceAllAppliesTheDifferenceAndKeepsUnchangedEntries()
    {
        var table = new Lpm4Table<int>(8);
        Assert.True(table.TryApply([Insert(A, 1), Insert(B, 2)], out string error), error);
        table.TryGetEntry(A, out TableEntry<Ipv4Prefix, int> a);
        Assert.True(table.TryReplaceAll([KeyValuePair.Create(A, 10), KeyValuePair.Create(C, 3)], out error), error);
        Assert.Equal([(A, 10), (C, 3)], table.GetEntries().Select(e => (e.Key, e.Value)));
        table.TryGetEntry(A, out TableEntry<Ipv4Prefix, int> a2);
        Assert.Equal(a.Index, a2.Index);

        Assert.False(table.TryReplaceAll([KeyValuePair.Create(A, 1), KeyValuePair.Create(A, 2)], out error));
        Assert.Equal("10.0.0.0/8: duplicate key", error);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void CountersSurviveSnapshotSwapsAndRestartForANewEntry()
    {
        var table = new ExactTable<uint, int, DefaultKeyHasher<uint>>(capacity: 2, workers: 2);
        Assert.True(table.TryApply([TableUpdate<uint, int>.Insert(7, 70), TableUpdate<uint, int>.Insert(8, 80)], out string error), error);
        TableCounterLane w0 = table.Counters.Lane(0), w1 = table.Counters.Lane(1);
        Hit(table, w0, 7, 100);
        Hit(table, w1, 7, 60);
        Hit(table, w1, 8, 1500);
        Assert.Equal(new HitCount(2, 160), table.ReadCounters(7));
        Assert.Equal(new HitCount(1, 1500), table.ReadCounters(8));

        // A modify and an unrelated change publish new snapshots; the counts stay.
        Assert.True(table.TryApply([TableUpdate<uint, int>.Modify(7, 71)], out error), error);
        Assert.True(table.TryApply([TableUpdate<uint, int>.Delete(8)], out error), error);
        Hit(table, w0, 7, 40);
        Assert.Equal(new HitCount(3, 200), table.ReadCounters(7));

        // Key 9 reuses 8's index and starts from zero.
        Assert.True(table.TryApply([TableUpdate<uint, int>.Insert(9, 90)], out error), error);
        table.TryGetEntry(9, out TableEntry<uint, int> nine);
        Assert.Equal(1, nine.Index);
        Assert.Equal(new HitCount(0, 0), table.ReadCounters(9));
        Hit(table, w1, 9, 64);
        Assert.Equal(new HitCount(1, 64), table.ReadCounters(9));
        Assert.Throws<KeyNotFoundException>(() => table.ReadCounters(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Counters.Lane(2));
    }

    private static void Hit(ExactTable<uint, int, DefaultKeyHasher<uint>> table, TableCounterLane lane, uint key, int bytes)
    {
        Assert.True(table.Current.Lookup(key, out int index));
        lane.Hit(index, bytes);
    }

    private static TableUpdate<Ipv4Prefix, int> Insert(Ipv4Prefix p, int v) => TableUpdate<Ipv4Prefix, int>.Insert(p, v);

    private static TableUpdate<Ipv4Prefix, int> Modify(Ipv4Prefix p, int v) => TableUpdate<Ipv4Prefix, int>.Modify(p, v);

    private static TableUpdate<Ipv4Prefix, int> Delete(Ipv4Prefix p) => TableUpdate<Ipv4Prefix, int>.Delete(p);
}
