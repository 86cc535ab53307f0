using System.Runtime.CompilerServices;
using Fastpath.Tests.Support;
using Xunit.Abstractions;

namespace Fastpath.Tests.Ports.Dpdk;

/// <summary>Starts dpdk-testhost (tests/Fastpath.DpdkHost) or examples/forward as child processes, optionally inside a network namespace.</summary>
/// <remarks>
/// Child processes rather than one shared EAL in the test process: DPDK's EAL starts once per
/// process with one set of arguments (hugepages in one test, --no-huge in another), a veth end is
/// reachable only from inside its namespace, and the error tests need a process that has not
/// started the EAL (not root, no shim, an EAL that fails). A child costs about a second.
/// </remarks>
internal static class DpdkHost
{
    /// <summary>Return the test host's assembly, copied beside the tests by the project reference.</summary>
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "dpdk-testhost.dll");

    /// <summary>Return examples/forward's assembly, copied beside the tests by the project reference.</summary>
    public static string ForwardDll => Path.Combine(AppContext.BaseDirectory, "forward.dll");

    /// <summary>Start <c>dpdk-testhost SCENARIO SPEC COUNT TIMEOUT</c>, inside <paramref name="netns"/> when set.</summary>
    public static ChildProcess Start(ITestOutputHelper log, string scenario, string spec, int count = 1000, int timeoutMs = 5000, string? netns = null) =>
        Run(log, netns, [HostDll, scenario, spec, count.ToString(), timeoutMs.ToString()]);

    /// <summary>Start the dotnet host with <paramref name="arguments"/>, inside <paramref name="netns"/> when set.</summary>
    public static ChildProcess Run(ITestOutputHelper log, string? netns, params string[] arguments) =>
        netns is null
            ? ChildProcess.Start(log, ChildProcess.Dotnet, arguments)
            : ChildProcess.Start(log, "ip", ["netns", "exec", netns, ChildProcess.Dotnet, .. arguments]);

    /// <summary>Run a scenario to its end and return its key=value results; fail on a non-zero exit.</summary>
    public static IReadOnlyDictionary<string, string> RunToEnd(ITestOutputHelper log, string scenario, string spec, int count = 1000, int timeoutMs = 5000, string? netns = null)
    {
        using ChildProcess child = Start(log, scenario, spec, count, timeoutMs, netns);
        int exit = child.WaitForExit(TimeSpan.FromMilliseconds(timeoutMs + 30_000));
        Assert.True(exit == 0, $"dpdk-testhost {scenario} '{spec}' exited with {exit}:\n{child.Stdout}\n{child.Stderr}");
        return child.Values();
    }

    /// <summary>Return the repository's scripts/ folder.</summary>
    public static string Scripts([CallerFilePath] string thisFile = "")
    {
        for (DirectoryInfo? directory = new FileInfo(thisFile).Directory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
                return Path.Combine(directory.FullName, "scripts");
        }
        throw new InvalidOperationException($"No Dsl.sln above {thisFile}.");
    }
}
