using Fastpath.Tables;

namespace Fastpath.Benchmarks;

/// <summary>A random ACL shaped like a firewall's: specific rules first, broad ones rarer, a default rule last; and packets that hit it.</summary>
/// <remarks>
/// The shape follows what ClassBench's seed filters show: most rules name a source and a destination
/// prefix of /16 to /32, a well-known destination port or the ephemeral range, and TCP or UDP; some
/// wildcard a field. The first rule that matches wins (priority = rules - position), as in a rule list.
/// </remarks>
public sealed class AclRules
{
    /// <summary>The key fields: 32-bit source and destination prefixes, a 16-bit destination port range, an optional protocol.</summary>
    public static readonly KeyField[] Fields =
    [
        new("src", 64, 32, MatchKind.Ternary),
        new("dst", 32, 32, MatchKind.Ternary),
        new("dport", 8, 16, MatchKind.Range),
        new("proto", 0, 8, MatchKind.Optional),
    ];

    private static readonly ushort[] WellKnownPorts = [22, 25, 53, 80, 123, 443, 3306, 8080];

    /// <summary>Generate <paramref name="count"/> rules, the last one matching everything, and <paramref name="packets"/> packets.</summary>
    public AclRules(int count, int packets, Random random, bool specificFirst = false)
    {
        var rules = new List<AclEntry>(count);
        for (int i = 0; i < count - 1; i++)
        {
            int srcLength = Pick(random, (25, 32), (30, 24), (20, 16), (10, 8), (15, 0));
            int dstLength = Pick(random, (30, 32), (35, 24), (20, 16), (15, 0));
            uint srcMask = Ipv4Prefix.MaskOf(srcLength), dstMask = Ipv4Prefix.MaskOf(dstLength);
            uint src = (0x0A000000u | (uint)random.Next(1 << 24)) & srcMask;
            uint dst = (0xC0A80000u | (uint)random.Next(1 << 16)) & dstMask;
            ushort wellKnown = WellKnownPorts[random.Next(WellKnownPorts.Length)];
            (ushort low, ushort high) = Pick(random, 50, 15, 5) switch
            {
                0 => (wellKnown, wellKnown),
                1 => ((ushort)1024, (ushort)65535),
                2 => ((ushort)0, (ushort)1023),
                _ => ((ushort)0, (ushort)65535),
            };
            byte protocol = (byte)Pick(random, (55, 6), (30, 17), (15, 0));
            rules.Add(new AclEntry(src, srcMask, dst, dstMask, low, high, protocol, protocol == 0 ? (byte)0 : (byte)0xFF, i));
        }
        if (specificFirst)
        {
            // Order by how many key bits a rule fixes, most first, as rule writers put exceptions before the general case.
            rules = [.. rules.OrderByDescending(Specificity).Select((r, i) => r with { Index = i })];
        }
        rules.Add(new AclEntry(0, 0, 0, 0, 0, 65535, 0, 0, count - 1));
        Rules = [.. rules];

        // Three packets in four fall inside a random rule; the rest are random traffic of the same networks.
        Packets = new (uint, uint, ushort, byte)[packets];
        for (int i = 0; i < packets; i++)
        {
            AclEntry rule = Rules[random.Next(count - 1)];
            if (random.Next(4) == 0)
            {
                Packets[i] = (0x0A000000u | (uint)random.Next(1 << 24), 0xC0A80000u | (uint)random.Next(1 << 16), (ushort)random.Next(65536), random.Next(2) == 0 ? (byte)6 : (byte)17);
                continue;
            }
            uint source = rule.Source | ((uint)random.Next() & ~rule.SourceMask);
            uint destination = rule.Destination | ((uint)random.Next() & ~rule.DestinationMask);
            ushort port = (ushort)random.Next(rule.PortLow, rule.PortHigh + 1);
            byte protocol = rule.ProtocolMask != 0 ? rule.Protocol : random.Next(2) == 0 ? (byte)6 : (byte)17;
            Packets[i] = (source, destination, port, protocol);
        }
    }

    /// <summary>Return the rules in priority order, each with its position as <see cref="AclEntry.Index"/>.</summary>
    public AclEntry[] Rules { get; }

    /// <summary>Return the packets' fields.</summary>
    public (uint Source, uint Destination, ushort Port, byte Protocol)[] Packets { get; }

    /// <summary>Return the rules as ternary table inserts, the value being the rule's position.</summary>
    public List<TableUpdate<TernaryKey, int>> Updates() =>
        [.. Rules.Select(r => TableUpdate<TernaryKey, int>.Insert(
            new TernaryKey(Rules.Length - r.Index,
                FieldMatch.Ternary(r.Source, r.SourceMask),
                FieldMatch.Ternary(r.Destination, r.DestinationMask),
                FieldMatch.Range(r.PortLow, r.PortHigh),
                r.ProtocolMask == 0 ? FieldMatch.Any : FieldMatch.Optional(r.Protocol)),
            r.Index))];

    /// <summary>Return the packets as ternary table keys.</summary>
    public UInt128[] Keys() =>
        [.. Packets.Select(p => Fields[0].Place(p.Source) | Fields[1].Place(p.Destination) | Fields[2].Place(p.Port) | Fields[3].Place(p.Protocol))];

    private static int Specificity(AclEntry r) =>
        System.Numerics.BitOperations.PopCount(r.SourceMask) + System.Numerics.BitOperations.PopCount(r.DestinationMask)
        + (16 - System.Numerics.BitOperations.Log2((uint)(r.PortHigh - r.PortLow + 1))) + (r.ProtocolMask == 0 ? 0 : 8);

    private static int Pick(Random random, params (int Weight, int Value)[] choices)
    {
        int roll = random.Next(choices.Sum(c => c.Weight));
        foreach ((int weight, int value) in choices)
        {
            if (roll < weight)
                return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }

    private static int Pick(Random random, params int[] weights)
    {
        int roll = random.Next(100);
        for (int i = 0; i < weights.Length; i++)
        {
            if (roll < weights[i])
                return i;
            roll -= weights[i];
        }
        return weights.Length;
    }
}
