using System.Diagnostics;
using Fastpath.Examples.Dns.Zones;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>
/// The zones against real servers' readers: Knot's kzonecheck accepts them, and NSD reads the same records from them as
/// ours does (nsd-checkzone prints the zone it read; ours reads that print back and must find the same set).
/// </summary>
public class ZoneFileToolTests
{
    [Fact]
    public void KzonecheckAcceptsTheFeatureAndSampleZones()
    {
        using var dir = new TempDirectory();
        // Knot 3.2 refuses the RFC 3597 class form CLASS1 ("unsupported record type"); NSD and this reader take it. Give Knot IN.
        string feature = dir.File("feature.zone");
        File.WriteAllText(feature, File.ReadAllText(DnsTestFiles.FeatureZone).Replace("CLASS1 TYPE1", "IN TYPE1", StringComparison.Ordinal));
        File.Copy(Path.Combine(Path.GetDirectoryName(DnsTestFiles.FeatureZone)!, "feature-include.inc"), dir.File("feature-include.inc"));
        Assert.Contains("No semantic error found", Run("kzonecheck", "knot-dnssecutils", ["-v", "-o", "feature.example.", feature]));
        Assert.Contains("No semantic error found", Run("kzonecheck", "knot-dnssecutils", ["-v", "-o", "example.com.", DnsTestFiles.SampleZone]));
    }

    [Fact]
    public void KzonecheckRefusesWhatThisReaderRefuses()
    {
        // The check above could pass on a tool that accepts anything: show it refuses a zone this reader refuses too.
        using var dir = new TempDirectory();
        string bad = dir.File("bad.zone");
        File.WriteAllText(bad, "$ORIGIN t.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.300\n");
        Assert.False(ZoneFile.TryParse(bad, null, out _, out _));
        (int code, string output) = Start("kzonecheck", "knot-dnssecutils", ["-v", "-o", "t.", bad]);
        Assert.NotEqual(0, code);
        Assert.Contains("line 4 (invalid IPv4 address)", output);
    }

    [Theory]
    [InlineData("feature.example.")]
    [InlineData("example.com.")]
    public void NsdReadsTheSameRecordsAsThisReader(string origin)
    {
        string path = origin == "example.com." ? DnsTestFiles.SampleZone : DnsTestFiles.FeatureZone;
        Zone ours = ZoneFile.Parse(path, DnsName.Parse(origin));
        // nsd-checkzone resolves $INCLUDE relative to the working directory, so run it next to the zone.
        string printed = Run("nsd-checkzone", "nsd", ["-p", origin, path], Path.GetDirectoryName(path));
        Zone nsd = ZoneFile.ParseText(printed, DnsName.Parse(origin), "nsd-checkzone output");
        Assert.Equal(Canonical(ours), Canonical(nsd));
        Assert.Equal(ours.Records.Count, nsd.Records.Count);
    }

    // Records as sorted lines of owner (folded), TTL, class, type and RDATA hex: the same records whatever the order or spelling.
    private static List<string> Canonical(Zone zone)
        => [.. zone.Records.Select(r => $"{Convert.ToHexString(r.Owner.FoldedWire)} {r.Ttl} {(ushort)r.Class} {(ushort)r.Type} {Convert.ToHexString(r.GetRdata())}").Order(StringComparer.Ordinal)];

    private static string Run(string tool, string package, string[] arguments, string? workingDirectory = null)
    {
        (int code, string output) = Start(tool, package, arguments, workingDirectory);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited with {code}:\n{output}");
        return output;
    }

    private static (int Code, string Output) Start(string tool, string package, string[] arguments, string? workingDirectory = null)
    {
        string? path = new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{tool} is not installed. These tests need the Debian package '{package}' (scripts/setup.sh installs it).");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish in 30 s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
