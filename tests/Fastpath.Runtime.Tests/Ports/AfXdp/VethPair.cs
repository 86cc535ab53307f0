using System.Diagnostics;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>A veth pair across two namespaces made by scripts/veth.sh for the life of a test class, torn down (XDP detached, namespaces deleted) on dispose.</summary>
public sealed class VethPair : IDisposable
{
    /// <summary>The pair's name: namespaces fpxdpa and fpxdpb, interfaces fpxdpa0 and fpxdpb0 (unique to these tests).</summary>
    public const string Name = "fpxdp";

    /// <summary>Create the pair; fails the test class with the script's output when it cannot.</summary>
    public VethPair()
    {
        Script("up", Name, "1");
    }

    /// <summary>The namespace the port under test runs in.</summary>
    public string NamespaceA => Name + "a";

    /// <summary>The peer's namespace.</summary>
    public string NamespaceB => Name + "b";

    /// <summary>The port's interface.</summary>
    public string InterfaceA => Name + "a0";

    /// <summary>The peer's interface.</summary>
    public string InterfaceB => Name + "b0";

    /// <summary>The port side's address.</summary>
    public static readonly byte[] AddressA = [10, 99, 0, 1];

    /// <summary>The peer's address.</summary>
    public static readonly byte[] AddressB = [10, 99, 0, 2];

    /// <summary>The port side's MAC.</summary>
    public static readonly byte[] MacA = [0x02, 0x99, 0, 0, 0, 0x0a];

    /// <summary>The peer's MAC.</summary>
    public static readonly byte[] MacB = [0x02, 0x99, 0, 0, 0, 0x0b];

    /// <summary>Return the repository root (where scripts/ is).</summary>
    public static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "scripts", "veth.sh")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("scripts/veth.sh not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Run a command, and return its exit code and output (both streams).</summary>
    public static (int Code, string Output) Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Tear the pair down.</summary>
    public void Dispose() => Script("down", Name);

    private static void Script(params string[] arguments)
    {
        (int code, string output) = Shell("bash", [Path.Combine(RepositoryRoot(), "scripts", "veth.sh"), .. arguments]);
        if (code != 0)
            throw new InvalidOperationException($"scripts/veth.sh {string.Join(' ', arguments)} failed ({code}): {output}");
    }
}
