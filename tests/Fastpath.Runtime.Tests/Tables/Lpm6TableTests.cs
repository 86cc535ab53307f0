using CsCheck;
using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>The IPv6 trie agrees with a linear longest-prefix scan, over random overlapping prefixes at every stride boundary, and deletes.</summary>
public class Lpm6TableTests
{
    // Lengths at and around the stride boundaries (16, then every 8 bits) and the extremes.
    private static readonly Gen<int> Length = Gen.OneOf(Gen.Int[0, 128], Gen.OneOfConst(0, 1, 15, 16, 17, 24, 25, 32, 47, 48, 56, 64, 65, 120, 127, 128));

    private static readonly Gen<UInt128> Bits = Gen.Select(Gen.ULong, Gen.ULong).Select((h, l) => new UInt128(h, l));

    private static readonly Gen<(UInt128[] Bases, (int Base, int Length, UInt128 Noise)[] Specs, UInt128[] Probes, bool[] Deletes)> Scenario =
        Gen.Select(
            Bits.Array[1, 4],
            Gen.Select(Gen.Int[0, 3], Length, Bits).Array[1, 40],
            Bits.Array[0, 64],
            Gen.Bool.Array[40]);

    [Fact]
    public void AgreesWithALinearScanBeforeAndAfterDeletes()
    {
        Scenario.Sample(s =>
        {
            var installed = new Dictionary<Ipv6Prefix, int>();
            foreach ((int b, int length, UInt128 noise) in s.Specs)
            {
                UInt128 bits = s.Bases[b % s.Bases.Length] ^ (noise & (UInt128.MaxValue >> Math.Min(127, length / 2 + 16)));
                installed.TryAdd(Prefix(bits & Ipv6Prefix.MaskOf(length), length), installed.Count + 100);
            }
            var table = new Lpm6Table<int>(capacity: 64);
            Assert.True(table.TryApply([.. installed.Select(p => TableUpdate<Ipv6Prefix, int>.Insert(p.Key, p.Value))], out string error), error);
            Check(table, installed, s.Probes);

            var deletes = installed.Keys.Where((_, i) => s.Deletes[i % s.Deletes.Length]).ToList();
            Assert.True(table.TryApply([.. deletes.Select(TableUpdate<Ipv6Prefix, int>.Delete)], out error), error);
            foreach (Ipv6Prefix p in deletes)
                installed.Remove(p);
            Check(table, installed, s.Probes);
        }, iter: 200);
    }

    [Fact]
    public void NestedPrefixesAcrossStridesResolveToTheLongest()
    {
        var table = new Lpm6Table<int>(16);
        Assert.True(table.TryApply(
        [
            Insert("::/0", 0),
            Insert("2001:db8::/32", 32),
            Insert("2001:db8:1::/48", 48),
            Insert("2001:db8:1:2::/64", 64),
            Insert("2001:db8:1:2::1/128", 128),
        ], out string error), error);
        AssertRoute(table, "2001:db8:1:2::1", 128);
        AssertRoute(table, "2001:db8:1:2::2", 64);
        AssertRoute(table, "2001:db8:1:3::", 48);
        AssertRoute(table, "2001:db8:2::", 32);
        AssertRoute(table, "2001:db9::", 0);

        Assert.True(table.TryApply([TableUpdate<Ipv6Prefix, int>.Delete(Ipv6Prefix.Parse("2001:db8:1::/48"))], out error), error);
        AssertRoute(table, "2001:db8:1:3::", 32);
        AssertRoute(table, "2001:db8:1:2::2", 64);
    }

    [Fact]
    public void RunningOutOfNodesFailsTheWholeBatchAndHostBitsAreRefused()
    {
        var table = new Lpm6Table<int>(16, maxNodes: 4); // the /32 takes 2 (bits 16-31), a /48 under it 2 more
        Assert.True(table.TryApply([Insert("2001:db8::/32", 1)], out string error), error);
        Assert.False(table.TryApply([Insert("2001:db8:1::/48", 2), Insert("2001:db9:1::/48", 3)], out error));
        Assert.StartsWith("2001:db9:1::/48: out of trie nodes (the table allows 4 of 1 KiB;", error);
        Assert.Equal(1, table.Count);
        AssertRoute(table, "2001:db8:1::", 1);

        Assert.False(table.TryApply([Insert("2001:db8::1/64", 4)], out error));
        Assert.Equal("update 0 (insert 2001:db8::1/64): host bits set beyond /64 (the network is 2001:db8::/64)", error);
    }

    private static Ipv6Prefix Prefix(UInt128 bits, int length) => new(new Ipv6Address((ulong)(bits >> 64), (ulong)bits), length);

    private static TableUpdate<Ipv6Prefix, int> Insert(string prefix, int value) => TableUpdate<Ipv6Prefix, int>.Insert(Ipv6Prefix.Parse(prefix), value);

    private static void AssertRoute(Lpm6Table<int> table, string address, int? expected)
    {
        Lpm6Snapshot<int> snapshot = table.Current;
        bool found = snapshot.Lookup(Ipv6Address.Parse(address), out int index);
        Assert.Equal(expected, found ? snapshot.GetValue(index) : null);
    }

    private static void Check(Lpm6Table<int> table, Dictionary<Ipv6Prefix, int> installed, UInt128[] probes)
    {
        var addresses = new List<UInt128>(probes);
        foreach (Ipv6Prefix p in installed.Keys)
        {
            UInt128 first = p.Bits, last = first | ~p.Mask;
            addresses.AddRange([first, last, first - 1, last + 1, first | (~p.Mask & new UInt128(0x5A5A5A5A5A5A5A5A, 0xA5A5A5A5A5A5A5A5))]);
        }
        Lpm6Snapshot<int> snapshot = table.Current;
        Assert.Equal(installed.Count, snapshot.Count);
        var burst = new Ipv6Address[addresses.Count];
        for (int i = 0; i < addresses.Count; i++)
        {
            var address = new Ipv6Address((ulong)(addresses[i] >> 64), (ulong)addresses[i]);
            burst[i] = address;
            int? expected = installed.Where(p => p.Key.Contains(address)).OrderByDescending(p => p.Key.Length).Select(p => (int?)p.Value).FirstOrDefault();
            bool found = snapshot.Lookup(address, out int index);
            Assert.True(expected == (found ? snapshot.GetValue(index) : null), $"{address}: expected {expected?.ToString() ?? "no route"}, got {(found ? snapshot.GetValue(index) : "no route")}");
        }
        var indices = new int[burst.Length];
        snapshot.LookupBurst(burst, indices);
        for (int i = 0; i < burst.Length; i++)
        {
            snapshot.Lookup(burst[i], out int index);
            Assert.Equal(index, indices[i]);
        }
    }
}
