using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>Readers looking up while a writer publishes snapshot after snapshot always see one whole snapshot: never a torn mix of two.</summary>
public class ConcurrentSnapshotTests
{
    [Fact]
    public void ReadersSeeEitherTheOldOrTheNewRouteSetNeverAMix()
    {
        var random = new Random(20261125);
        Dictionary<Ipv4Prefix, int> setA = RouteSet(random, 1000), setB = RouteSet(random, 2000);
        // Probes inside the prefixes of both sets (and a few outside any), so most answers differ between them.
        var probes = new List<Ipv4Address>();
        foreach (Ipv4Prefix p in setA.Keys.Concat(setB.Keys))
            probes.Add(new Ipv4Address(p.Address.Value | ((uint)random.Next() & ~p.Mask)));
        for (int i = 0; i < 16; i++)
            probes.Add(new Ipv4Address((uint)random.NextInt64()));
        Ipv4Address[] burst = [.. probes];
        int[] expectA = Expected(setA, burst), expectB = Expected(setB, burst);
        Assert.True(expectA.Zip(expectB).Count(p => p.First != p.Second) > burst.Length / 2);

        var table = new Lpm4Table<int>(capacity: 512, maxGroups: 512);
        Assert.True(table.TryReplaceAll(setA, out string error), error);

        const int publishes = 30;
        int done = 0;
        Exception? failure = null;
        long[] seenA = new long[2], seenB = new long[2];
        var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            try
            {
                var indices = new int[burst.Length];
                var values = new int[burst.Length];
                while (Volatile.Read(ref done) == 0)
                {
                    // One read of Current per burst, as a worker does; every answer must come from that one snapshot.
                    Lpm4Snapshot<int> snapshot = table.Current;
                    snapshot.LookupBurst(burst, indices);
                    for (int i = 0; i < burst.Length; i++)
                        values[i] = indices[i] < 0 ? -1 : snapshot.GetValue(indices[i]);
                    if (values.AsSpan().SequenceEqual(expectA))
                        seenA[r]++;
                    else if (values.AsSpan().SequenceEqual(expectB))
                        seenB[r]++;
                    else
                        throw new InvalidOperationException($"a burst matched neither route set: first difference at {burst[FirstDifference(values, expectA)]}");

                    // Single lookups too, each on its own read of Current: each answer from either set. (Reading
                    // Current twice, once for the lookup and once for the value, would be a torn read.)
                    for (int i = 0; i < burst.Length; i += 7)
                    {
                        Lpm4Snapshot<int> one = table.Current;
                        int value = one.Lookup(burst[i], out int index) ? one.GetValue(index) : -1;
                        if (value != expectA[i] && value != expectB[i])
                            throw new InvalidOperationException($"{burst[i]} gave {value}: neither set's {expectA[i]} nor {expectB[i]}");
                    }
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        })).ToList();
        readers.ForEach(t => t.Start());
        for (int i = 1; i <= publishes && Volatile.Read(ref failure) is null; i++)
            Assert.True(table.TryReplaceAll(i % 2 == 1 ? setB : setA, out error), error);
        Volatile.Write(ref done, 1);
        readers.ForEach(t => t.Join());

        Assert.Null(failure);
        Assert.Equal(publishes + 1, table.Version);
        Assert.True(seenA.Sum() > 0 && seenB.Sum() > 0, $"readers saw A {seenA.Sum()} times and B {seenB.Sum()} times");
    }

    // 200 prefixes from /8 to /32, weighted to /24, with the /25+ ones under a few /24s so they share groups.
    private static Dictionary<Ipv4Prefix, int> RouteSet(Random random, int firstValue)
    {
        var set = new Dictionary<Ipv4Prefix, int>();
        while (set.Count < 200)
        {
            int length = random.Next(10) switch { < 5 => 24, 5 => 16, 6 => 8, 7 => random.Next(8, 33), _ => random.Next(25, 33) };
            uint address = (0x0A000000u | (uint)random.Next(1 << 20) << 4) & Ipv4Prefix.MaskOf(length);
            set.TryAdd(new Ipv4Prefix(new Ipv4Address(address), length), firstValue + set.Count);
        }
        return set;
    }

    private static int[] Expected(Dictionary<Ipv4Prefix, int> set, Ipv4Address[] burst) =>
        [.. burst.Select(a => set.Where(p => p.Key.Contains(a)).OrderByDescending(p => p.Key.Length).Select(p => p.Value).DefaultIfEmpty(-1).First())];

    private static int FirstDifference(int[] values, int[] expected) => values.AsSpan().CommonPrefixLength(expected);
}
