using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>The server's replies against NSD's and Knot's, query by query, on a zone with every shape of answer: same RCODE, flags, and sections (sorted; compression and order aside).</summary>
public class DnsParityTests
{
    private static string ZonePath => DnsTestFiles.ParityZone;

    private static readonly string[] Names =
    [
        "parity.test", "www.parity.test", "web.parity.test", "host.parity.test", "ns1.parity.test", "ns2.parity.test", "mail.parity.test",
        "out.parity.test", "dangling.parity.test", "_sip._udp.parity.test", "sip.parity.test", "foo.wild.parity.test", "a.b.wild.parity.test",
        "known.wild.parity.test", "*.wild.parity.test", "x.alias.parity.test", "lab.parity.test", "printer.lab.parity.test", "x.lab.parity.test",
        "sub.parity.test", "x.sub.parity.test", "ns.sub.parity.test", "caa.parity.test", "ptr.parity.test", "hinfo.parity.test",
        "unknown.parity.test", "big.parity.test", "nope.parity.test", "wild.parity.test",
    ];

    private static readonly ushort[] Types = [1, 28, 15, 16, 2, 6, 5, 33, 255, 257, 12, 13, 65280];

    /// <summary>Every query of the comparison: each name and type, mixed case, EDNS sizes, and queries outside the zone.</summary>
    public static IEnumerable<(string Name, ushort Type, int? Edns)> Queries()
    {
        foreach (string name in Names)
        {
            foreach (ushort type in Types)
                yield return (name, type, 1232);
        }
        // Case is echoed and ignored; without EDNS the limit is 512 bytes (big TXT truncates), with a small EDNS size too.
        foreach (string name in Names.Take(12))
            yield return (string.Concat(name.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)), 1, null);
        foreach (int? size in new int?[] { null, 512, 1232, 4096 })
        {
            yield return ("big.parity.test", 16, size);
            yield return ("parity.test", 255, size);
            yield return ("www.parity.test", 1, size);
        }
        yield return ("example.org", 1, 1232);
        yield return ("test", 6, null);
    }

    [Fact]
    public void RepliesAgreeWithNsd()
    {
        Assert.True(ZoneLoader.TryLoad([ZonePath], out Responder? responder, out List<string> errors), string.Join("\n", errors));
        using var nsd = ReferenceServer.Nsd([("parity.test", ZonePath)]);
        var mismatches = new List<string>();
        int compared = 0;
        foreach ((string name, ushort type, int? edns) in Queries())
        {
            byte[] query = DnsMessages.Query(name, type, id: (ushort)compared, ednsSize: edns);
            byte[]? theirs = nsd.Query(query);
            Assert.NotNull(theirs);
            byte[] ours = new byte[4096];
            query.CopyTo(ours, 0);
            int length = responder!.Answer(ours, query.Length, out _);
            Assert.True(length > 0, $"{name} {type}: no reply");
            DnsMessages.Reply a = DnsMessages.Parse(ours.AsSpan(0, length)), b = DnsMessages.Parse(theirs);
            Assert.Equal(b.Id, a.Id);
            Assert.Equal(b.Question, a.Question);
            if (a.Comparable() != b.Comparable())
                mismatches.Add($"{name} type {type} edns {edns?.ToString() ?? "none"}:\n ours:\n{a.Comparable()}\n nsd:\n{b.Comparable()}");
            compared++;
        }
        Assert.True(compared >= 100, $"only {compared} queries");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} replies differ from NSD's:\n" + string.Join("\n\n", mismatches.Take(10)));
    }

    /// <summary>
    /// Knot answers minimally (no NS in authority, no additional addresses for positive answers) and picks another RRset
    /// for ANY, so it differs from NSD by design; where the two agree on the answer and authority sections, ours must
    /// agree with both, and the test says how many replies agree with Knot in full.
    /// </summary>
    [Fact]
    public void RepliesAgreeWithKnotWhereKnotAndNsdAgree()
    {
        Assert.True(ZoneLoader.TryLoad([ZonePath], out Responder? responder, out List<string> errors), string.Join("\n", errors));
        using var nsd = ReferenceServer.Nsd([("parity.test", ZonePath)]);
        using var knot = ReferenceServer.Knot([("parity.test", ZonePath)]);
        int compared = 0, referencesAgree = 0, sameAsKnot = 0;
        var mismatches = new List<string>();
        foreach ((string name, ushort type, int? edns) in Queries())
        {
            byte[] query = DnsMessages.Query(name, type, id: (ushort)compared, ednsSize: edns);
            byte[] ours = new byte[4096];
            query.CopyTo(ours, 0);
            int length = responder!.Answer(ours, query.Length, out _);
            DnsMessages.Reply a = DnsMessages.Parse(ours.AsSpan(0, length));
            DnsMessages.Reply k = DnsMessages.Parse(knot.Query(query) ?? throw new InvalidOperationException("knot did not answer"));
            DnsMessages.Reply n = DnsMessages.Parse(nsd.Query(query) ?? throw new InvalidOperationException("nsd did not answer"));
            compared++;
            if (a.Comparable() == k.Comparable())
                sameAsKnot++;
            if (k.Comparable(withAdditional: false) != n.Comparable(withAdditional: false))
                continue;
            referencesAgree++;
            if (a.Comparable(withAdditional: false) != k.Comparable(withAdditional: false))
                mismatches.Add($"{name} type {type}:\n ours:\n{a.Comparable(false)}\n knot and nsd:\n{k.Comparable(false)}");
        }
        Console.WriteLine($"parity: {sameAsKnot} of {compared} replies equal Knot's in full; {referencesAgree} where Knot and NSD agree without the additional section");
        Assert.True(referencesAgree >= 50, $"Knot and NSD agree on only {referencesAgree} replies: the comparison would say little");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} replies differ where Knot and NSD agree:\n" + string.Join("\n\n", mismatches.Take(10)));
    }
}
