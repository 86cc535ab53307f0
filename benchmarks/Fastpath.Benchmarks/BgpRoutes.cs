using Fastpath.Tables;

namespace Fastpath.Benchmarks;

/// <summary>Random IPv4 route sets shaped like an Internet BGP table: mostly /24, then /22, /23, /16 and the rest, a few /8 and a few longer than /24.</summary>
public static class BgpRoutes
{
    // (share in per mille, lengths): roughly the prefix-length histogram of a 2020s full table,
    // plus 1 % longer than /24 (internal more-specifics) so the second level is exercised.
    private static readonly (int PerMille, int Low, int High)[] Shape =
    [
        (600, 24, 24), (120, 22, 22), (100, 23, 23), (40, 21, 21), (40, 20, 20), (25, 16, 16),
        (25, 19, 19), (12, 18, 18), (7, 17, 17), (10, 9, 15), (1, 8, 8), (10, 25, 32), (10, 24, 24),
    ];

    /// <summary>Return <paramref name="count"/> distinct prefixes inside 1.0.0.0–223.255.255.255, each with its index as the value.</summary>
    public static Dictionary<Ipv4Prefix, int> Create(int count, int seed)
    {
        var random = new Random(seed);
        var routes = new Dictionary<Ipv4Prefix, int>(count);
        while (routes.Count < count)
        {
            int roll = random.Next(1000), length = 24;
            foreach ((int perMille, int low, int high) in Shape)
            {
                if (roll < perMille)
                {
                    length = random.Next(low, high + 1);
                    break;
                }
                roll -= perMille;
            }
            uint address = (uint)random.NextInt64(0x0100_0000, 0xE000_0000);
            routes.TryAdd(new Ipv4Prefix(new Ipv4Address(address & Ipv4Prefix.MaskOf(length)), length), routes.Count);
        }
        return routes;
    }
}
