using Fastpath.Tables;

namespace Fastpath.Tests.Tables;

/// <summary>Routes files parse IPv4 and IPv6 routes with comments, and report every mistake as file:line:col without returning any route.</summary>
public class RoutesFileTests
{
    [Fact]
    public void AGoodFileParsesAndInstalls()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastpath-routes-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, """
            # destination      next hop           port
            10.1.0.0/16        02:00:00:00:00:01  1
            0.0.0.0/0          02:00:00:00:00:fe  0     # default route

            	2001:db8:1::/48	02:00:00:00:00:02	2
            ::/0               02-00-00-00-00-03  65535
            192.0.2.7/32       02:00:00:00:00:04  3
            """);
        try
        {
            RoutesFile routes = RoutesFile.Parse(path);
            Assert.Equal(path, routes.Name);
            Assert.Equal(
                [
                    new Route<Ipv4Prefix>(Ipv4Prefix.Parse("10.1.0.0/16"), new NextHop(new MacAddress(0x020000000001), 1), 2),
                    new Route<Ipv4Prefix>(Ipv4Prefix.Parse("0.0.0.0/0"), new NextHop(new MacAddress(0x0200000000FE), 0), 3),
                    new Route<Ipv4Prefix>(Ipv4Prefix.Parse("192.0.2.7/32"), new NextHop(new MacAddress(0x020000000004), 3), 7),
                ],
                routes.Ipv4Routes);
            Assert.Equal(
                [
                    new Route<Ipv6Prefix>(Ipv6Prefix.Parse("2001:db8:1::/48"), new NextHop(new MacAddress(0x020000000002), 2), 5),
                    new Route<Ipv6Prefix>(Ipv6Prefix.Parse("::/0"), new NextHop(new MacAddress(0x020000000003), 65535), 6),
                ],
                routes.Ipv6Routes);

            var v4 = new Lpm4Table<NextHop>(16);
            var v6 = new Lpm6Table<NextHop>(16);
            Assert.True(v4.TryReplaceAll(routes.Ipv4Entries(), out string error), error);
            Assert.True(v6.TryReplaceAll(routes.Ipv6Entries(), out error), error);
            Assert.True(v4.Current.Lookup(Ipv4Address.Parse("10.1.9.9"), out int index));
            Assert.Equal((ushort)1, v4.Current.GetValue(index).Port);
            Assert.True(v6.Current.Lookup(Ipv6Address.Parse("2001:db8:1::5"), out index));
            Assert.Equal((ushort)2, v6.Current.GetValue(index).Port);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("10.1.0/16 02:00:00:00:00:01 1", "r.txt:1:1: '10.1.0' is not an IPv4 address")]
    [InlineData("  10.1.0.0 02:00:00:00:00:01 1", "r.txt:1:3: '10.1.0.0' has no prefix length (write 10.1.0.0/32 for one host)")]
    [InlineData("10.1.0.0/33 02:00:00:00:00:01 1", "r.txt:1:10: '33' is not a prefix length (0 to 32)")]
    [InlineData("10.1.0.0/ 02:00:00:00:00:01 1", "r.txt:1:10: '' is not a prefix length (0 to 32)")]
    [InlineData("10.1.2.0/16 02:00:00:00:00:01 1", "r.txt:1:1: 10.1.2.0/16 has host bits set beyond /16 (the network is 10.1.0.0/16)")]
    [InlineData("2001:db8::1/64 02:00:00:00:00:01 1", "r.txt:1:1: 2001:db8::1/64 has host bits set beyond /64 (the network is 2001:db8::/64)")]
    [InlineData("2001:db8::/129 02:00:00:00:00:01 1", "r.txt:1:12: '129' is not a prefix length (0 to 128)")]
    [InlineData("2001:db8:::/48 02:00:00:00:00:01 1", "r.txt:1:1: '2001:db8:::' is not an IPv6 address")]
    [InlineData("10.1.0.0/16 02:00:00:00:01 1", "r.txt:1:13: '02:00:00:00:01' is not a MAC address (write aa:bb:cc:dd:ee:ff)")]
    [InlineData("10.1.0.0/16 02:00:00:00:00:01 65536", "r.txt:1:31: '65536' is not a port number (0 to 65535)")]
    [InlineData("10.1.0.0/16 02:00:00:00:00:01 -1", "r.txt:1:31: '-1' is not a port number (0 to 65535)")]
    [InlineData("10.1.0.0/16", "r.txt:1:12: expected a next-hop MAC address after the prefix (a line is: prefix next-hop-MAC port)")]
    [InlineData("10.1.0.0/16 02:00:00:00:00:01   # no port", "r.txt:1:30: expected a port number after the next-hop MAC address (a line is: prefix next-hop-MAC port)")]
    [InlineData("10.1.0.0/16 02:00:00:00:00:01 1 eth0", "r.txt:1:33: unexpected 'eth0' after the port (comments start with #)")]
    public void EachMistakeIsReportedAtItsLineAndColumn(string line, string expected)
    {
        var e = Assert.Throws<RoutesFileException>(() => RoutesFile.Parse(line, "r.txt"));
        Assert.Equal([expected], e.Errors);
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void EveryErrorIsListedAndNoRouteIsReturned()
    {
        string text = """
            10.0.0.0/8     02:00:00:00:00:01 1
            10.0.0.0/8     02:00:00:00:00:02 2
            bad            02:00:00:00:00:03 3
            2001:db8::/32  02:00:00:00:00:04 4
            2001:db8::/32  02:00:00:00:00:05 5
            """;
        Assert.False(RoutesFile.TryParse(text, "routes", out RoutesFile? routes, out IReadOnlyList<string> errors));
        Assert.Null(routes);
        Assert.Equal(
            [
                "routes:2:1: duplicate prefix 10.0.0.0/8 (first on line 1)",
                "routes:3:1: 'bad' is not an IPv4 address",
                "routes:5:1: duplicate prefix 2001:db8::/32 (first on line 4)",
            ],
            errors);
    }

    [Fact]
    public void AMissingFileIsAnErrorNotAnException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastpath-missing-{Guid.NewGuid():N}.txt");
        Assert.False(RoutesFile.TryParse(path, out RoutesFile? routes, out IReadOnlyList<string> errors));
        Assert.Null(routes);
        Assert.StartsWith($"{path}: cannot read: ", Assert.Single(errors));
    }
}
