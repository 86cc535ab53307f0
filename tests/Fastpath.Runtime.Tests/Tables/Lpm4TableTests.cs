using CsCheck;
using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>The DIR-24-8 table agrees with a linear longest-prefix scan, over random overlapping prefixes, boundaries and deletes.</summary>
public class Lpm4TableTests
{
    // Lengths around the DIR-24-8 boundaries (/24 is the last first-level length, /25 the first in a group) and the extremes.
    private static readonly Gen<int> Length = Gen.OneOf(Gen.Int[0, 32], Gen.OneOfConst(0, 1, 8, 16, 23, 24, 25, 31, 32));

    // Prefixes drawn around a few base addresses, so that they nest and overlap.
    private static readonly Gen<(uint[] Bases, (int Base, int Length, uint Noise)[] Specs, uint[] Probes, bool[] Deletes)> Scenario =
        Gen.Select(
            Gen.UInt.Array[1, 4],
            Gen.Select(Gen.Int[0, 3], Length, Gen.UInt).Array[1, 40],
            Gen.UInt.Array[0, 64],
            Gen.Bool.Array[40]);

    [Fact]
    public void AgreesWithALinearScanBeforeAndAfterDeletes()
    {
        Scenario.Sample(s =>
        {
            var installed = new Dictionary<Ipv4Prefix, int>();
            foreach ((int b, int length, uint noise) in s.Specs)
            {
                uint bits = s.Bases[b % s.Bases.Length] ^ (noise & (uint.MaxValue >> Math.Min(31, length / 2 + 8)));
                var prefix = new Ipv4Prefix(new Ipv4Address(bits & Ipv4Prefix.MaskOf(length)), length);
                installed.TryAdd(prefix, installed.Count + 100);
            }
            var table = new Lpm4Table<int>(capacity: 64, maxGroups: 64);
            Assert.True(table.TryApply([.. installed.Select(p => TableUpdate<Ipv4Prefix, int>.Insert(p.Key, p.Value))], out string error), error);
            Check(table, installed, s.Probes);

            var deletes = installed.Keys.Where((_, i) => s.Deletes[i % s.Deletes.Length]).ToList();
            Assert.True(table.TryApply([.. deletes.Select(TableUpdate<Ipv4Prefix, int>.Delete)], out error), error);
            foreach (Ipv4Prefix p in deletes)
                installed.Remove(p);
            Check(table, installed, s.Probes);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void DeletingALessSpecificPrefixKeepsTheMoreSpecificOnesAndViceVersa()
    {
        var table = new Lpm4Table<int>(16);
        Assert.True(table.TryApply(
        [
            Insert("10.0.0.0/8", 8),
            Insert("10.1.0.0/16", 16),
            Insert("10.1.2.0/24", 24),
            Insert("10.1.2.128/25", 25),
            Insert("10.1.2.255/32", 32),
        ], out string error), error);
        AssertRoute(table, "10.1.2.255", 32);
        AssertRoute(table, "10.1.2.254", 25);
        AssertRoute(table, "10.1.2.127", 24);
        AssertRoute(table, "10.1.3.0", 16);
        AssertRoute(table, "10.2.0.0", 8);
        AssertRoute(table, "11.0.0.0", null);

        Assert.True(table.TryApply([TableUpdate<Ipv4Prefix, int>.Delete(Ipv4Prefix.Parse("10.1.0.0/16"))], out error), error);
        AssertRoute(table, "10.1.2.1", 24);
        AssertRoute(table, "10.1.3.0", 8);

        Assert.True(table.TryApply([TableUpdate<Ipv4Prefix, int>.Delete(Ipv4Prefix.Parse("10.1.2.128/25"))], out error), error);
        AssertRoute(table, "10.1.2.254", 24);
        AssertRoute(table, "10.1.2.255", 32);

        Assert.True(table.TryApply([TableUpdate<Ipv4Prefix, int>.Delete(Ipv4Prefix.Parse("10.1.2.0/24"))], out error), error);
        AssertRoute(table, "10.1.2.254", 8);
        AssertRoute(table, "10.1.2.255", 32);
    }

    [Fact]
    public void TheDefaultRouteAndHostRoutesSitAtTheEdges()
    {
        var table = new Lpm4Table<int>(16);
        Assert.True(table.TryApply([Insert("0.0.0.0/0", 0), Insert("255.255.255.255/32", 1), Insert("0.0.0.0/32", 2)], out string error), error);
        AssertRoute(table, "0.0.0.0", 2);
        AssertRoute(table, "0.0.0.1", 0);
        AssertRoute(table, "255.255.255.255", 1);
        AssertRoute(table, "255.255.255.254", 0);
        AssertRoute(table, "128.0.0.0", 0);
    }

    [Fact]
    public void HostBitsBeyondTheLengthAreRefusedAndNameThePrefix()
    {
        var table = new Lpm4Table<int>(16);
        Assert.False(table.TryApply([Insert("10.0.0.0/8", 1), Insert("10.1.2.3/16", 2)], out string error));
        Assert.Equal("update 1 (insert 10.1.2.3/16): host bits set beyond /16 (the network is 10.1.0.0/16)", error);
        Assert.Equal(0, table.Count);
        Assert.False(table.Current.Lookup(Ipv4Address.Parse("10.0.0.1"), out _));
    }

    [Fact]
    public void RunningOutOfGroupsFailsTheWholeBatch()
    {
        var table = new Lpm4Table<int>(16, maxGroups: 2);
        Assert.True(table.TryApply([Insert("10.0.0.0/8", 1), Insert("10.0.1.0/25", 2)], out string error), error);
        Lpm4Snapshot<int> before = table.Current;

        Assert.False(table.TryApply([Insert("10.0.2.0/25", 3), Insert("10.0.3.0/26", 4)], out error));
        Assert.StartsWith("10.0.3.0/26: out of second-level groups (the table allows 2;", error);
        Assert.Same(before, table.Current);
        Assert.Equal(2, table.Count);
        Assert.False(table.TryGetEntry(Ipv4Prefix.Parse("10.0.2.0/25"), out _));

        // Deleting the /25 frees its group for the next batch.
        Assert.True(table.TryApply([TableUpdate<Ipv4Prefix, int>.Delete(Ipv4Prefix.Parse("10.0.1.0/25")), Insert("10.0.2.0/25", 3), Insert("10.0.3.0/26", 4)], out error), error);
        Assert.Equal(2, table.Current.GroupCount);
        AssertRoute(table, "10.0.3.1", 4);
        AssertRoute(table, "10.0.1.1", 1);
    }

    [Fact]
    public void LookupBurstMatchesSingleLookups()
    {
        var table = new Lpm4Table<int>(16);
        Assert.True(table.TryApply([Insert("10.0.0.0/8", 8), Insert("10.1.2.128/25", 25), Insert("192.168.0.0/16", 16)], out string error), error);
        Ipv4Address[] addresses = [.. new[] { "10.1.2.200", "10.1.2.1", "192.168.7.7", "8.8.8.8" }.Select(Ipv4Address.Parse)];
        var indices = new int[addresses.Length];
        Lpm4Snapshot<int> snapshot = table.Current;
        snapshot.LookupBurst(addresses, indices);
        for (int i = 0; i < addresses.Length; i++)
        {
            Assert.Equal(snapshot.Lookup(addresses[i], out int index), indices[i] >= 0);
            Assert.Equal(index, indices[i]);
        }
        Assert.Equal([25, 8, 16], indices[..3].Select(i => snapshot.GetValue(i)));
        Assert.Equal(-1, indices[3]);
    }

    private static TableUpdate<Ipv4Prefix, int> Insert(string prefix, int value) => TableUpdate<Ipv4Prefix, int>.Insert(Ipv4Prefix.Parse(prefix), value);

    private static void AssertRoute(Lpm4Table<int> table, string address, int? expected)
    {
        Lpm4Snapshot<int> snapshot = table.Current;
        bool found = snapshot.Lookup(Ipv4Address.Parse(address), out int index);
        Assert.Equal(expected, found ? snapshot.GetValue(index) : null);
    }

    private static void Check(Lpm4Table<int> table, Dictionary<Ipv4Prefix, int> installed, uint[] probes)
    {
        // Probe every prefix's first and last address and their neighbours, plus the random ones.
        var addresses = new List<uint>(probes);
        foreach (Ipv4Prefix p in installed.Keys)
        {
            uint first = p.Address.Value, last = first | ~p.Mask;
            addresses.AddRange([first, last, first - 1, last + 1, first | (~p.Mask & 0x5A5A5A5A)]);
        }
        Lpm4Snapshot<int> snapshot = table.Current;
        Assert.Equal(installed.Count, snapshot.Count);
        foreach (uint a in addresses)
        {
            var address = new Ipv4Address(a);
            int? expected = installed.Where(p => p.Key.Contains(address)).OrderByDescending(p => p.Key.Length).Select(p => (int?)p.Value).FirstOrDefault();
            bool found = snapshot.Lookup(address, out int index);
            Assert.True(expected == (found ? snapshot.GetValue(index) : null), $"{address}: expected {expected?.ToString() ?? "no route"}, got {(found ? snapshot.GetValue(index) : "no route")}");
        }
    }
}
