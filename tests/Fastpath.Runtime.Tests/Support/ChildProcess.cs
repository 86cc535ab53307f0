using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Fastpath.Tests.Support;

/// <summary>A child process with both streams captured, for tests that must run code in another process (DPDK's EAL, a network namespace, another user).</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly string _command;
    private readonly ITestOutputHelper _log;

    private ChildProcess(Process process, string command, ITestOutputHelper log)
    {
        _process = process;
        _command = command;
        _log = log;
    }

    /// <summary>Return the dotnet host running the tests (children use the same runtime), or <c>dotnet</c> on PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Start <paramref name="file"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(ITestOutputHelper log, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start };
        string command = $"{file} {string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"'{a}'" : a))}";
        var child = new ChildProcess(process, command, log);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (child._stdout) child._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (child._stderr) child._stderr.AppendLine(e.Data); };
        log.WriteLine($"> {command}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Return the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Return what the child printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    /// <summary>Return what the child printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Wait until stdout has a line starting with <paramref name="prefix"/>; false on timeout or exit.</summary>
    public bool WaitForLine(string prefix, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Stdout.Split('\n').Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
                return true;
            if (_process.HasExited)
                return false;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>Wait for the exit (killing the child after <paramref name="timeout"/> and failing the test) and return the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"timed out after {timeout}: {_command}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        // Let the readers reach the end of both streams.
        _process.WaitForExit();
        _log.WriteLine($"  exit {_process.ExitCode}\n{Stdout}{Stderr}");
        return _process.ExitCode;
    }

    /// <summary>Send <paramref name="signal"/> (TERM, INT) to the child, with bash's kill builtin (.NET only sends SIGKILL).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("bash", ["-c", $"kill -s {signal} {_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"])!;
        kill.WaitForExit();
    }

    /// <summary>Return the <c>key=value</c> lines of stdout.</summary>
    public IReadOnlyDictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
                values[line[..eq]] = line[(eq + 1)..];
        }
        return values;
    }

    /// <summary>Kill the child if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        _process.Dispose();
    }
}
