using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>The server's replies against NSD's, query by query, on a zone with every shape of answer: same RCODE, flags, and sections (sorted; compression and order aside).</summary>
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
        using var nsd = new NsdServer([("parity.test", ZonePath)]);
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
}
