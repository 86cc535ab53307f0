using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Fastpath.Tests.Support;

/// <summary>A veth pair across two network namespaces made by <c>scripts/veth.sh up NAME</c> and removed again on dispose.</summary>
/// <remarks>Side a is <c>NAMEa</c>/<c>NAMEa0</c> (10.99.0.1, 02:99:00:00:00:0a), side b <c>NAMEb</c>/<c>NAMEb0</c> (10.99.0.2, 02:99:00:00:00:0b). Needs root.</remarks>
internal sealed class VethPair : IDisposable
{
    /// <summary>Side a's MAC.</summary>
    public static readonly MacAddress MacA = new(0x02_99_00_00_00_0a);

    /// <summary>Side b's MAC.</summary>
    public static readonly MacAddress MacB = new(0x02_99_00_00_00_0b);

    /// <summary>Side a's IPv4 address.</summary>
    public static readonly Ipv4Address IpA = new(10, 99, 0, 1);

    /// <summary>Side b's IPv4 address.</summary>
    public static readonly Ipv4Address IpB = new(10, 99, 0, 2);

    private readonly string _name;

    /// <summary>Make the pair; <paramref name="name"/> is 1–9 lower-case letters or digits, unique to the test class.</summary>
    public VethPair(string name)
    {
        _name = name;
        Script("up", name);
    }

    /// <summary>Return side a's namespace.</summary>
    public string NamespaceA => _name + "a";

    /// <summary>Return side b's namespace.</summary>
    public string NamespaceB => _name + "b";

    /// <summary>Return side a's interface (inside <see cref="NamespaceA"/>).</summary>
    public string InterfaceA => _name + "a0";

    /// <summary>Return side b's interface (inside <see cref="NamespaceB"/>).</summary>
    public string InterfaceB => _name + "b0";

    /// <summary>Run a command (for <c>ip</c>) and fail with its output when it fails.</summary>
    public static string Command(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 30 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
        return stdout.Result;
    }

    /// <summary>Return the repository root (where Dsl.sln is).</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (DirectoryInfo? directory = new FileInfo(thisFile).Directory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Dsl.sln above {thisFile}.");
    }

    /// <summary>Remove both namespaces (and with them the pair).</summary>
    public void Dispose() => Script("down", _name);

    private static void Script(string verb, string name) =>
        Command("bash", Path.Combine(RepositoryRoot(), "scripts", "veth.sh"), verb, name);
}
