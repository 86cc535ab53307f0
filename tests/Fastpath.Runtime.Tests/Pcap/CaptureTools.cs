using System.Diagnostics;

namespace Fastpath.Tests.Pcap;

/// <summary>Runs Wireshark's command-line tools; a missing tool fails the test, naming the Debian package that provides it.</summary>
internal static class CaptureTools
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["tshark"] = "tshark",
        ["text2pcap"] = "wireshark-common",
        ["editcap"] = "wireshark-common",
        ["capinfos"] = "wireshark-common",
    };

    /// <summary>Run <paramref name="tool"/> with <paramref name="arguments"/> in UTC and return its standard output; fail the test on a missing tool or a non-zero exit.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        string path = Find(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        // text2pcap reads dump times as local time: pin it so expected timestamps do not depend on the machine.
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish in 120 s");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static string Find(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        Assert.Fail($"{tool} is not installed (not found on PATH). The pcap interop tests need the Debian package '{Packages[tool]}' (apt-get install tshark wireshark-common; scripts/setup.sh does this).");
        return "";
    }
}
