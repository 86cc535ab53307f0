using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>A real NSD or Knot DNS serving zone files on a free loopback port for the length of a test: the references the server is compared with.</summary>
internal sealed class ReferenceServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ReferenceServer(string name, string directory, int port, string program, string[] arguments, string probeZone, string logFile)
    {
        Name = name;
        _directory = directory;
        Port = port;
        _process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        // Ready when it answers: both load their zones before they serve.
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Query(DnsMessages.Query(probeZone, 6), TimeSpan.FromMilliseconds(200)) is null)
        {
            if (_process.HasExited || DateTime.UtcNow > until)
            {
                string log = File.Exists(logFile) ? File.ReadAllText(logFile) : "";
                throw new InvalidOperationException($"{program} did not answer on port {Port}: {log}{(_process.HasExited ? _process.StandardError.ReadToEnd() : "")}");
            }
        }
    }

    /// <summary>Return "nsd" or "knot".</summary>
    public string Name { get; }

    /// <summary>Return the loopback UDP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Start NSD serving <paramref name="zones"/> (name, file).</summary>
    public static ReferenceServer Nsd(IReadOnlyList<(string Name, string File)> zones)
    {
        string dir = Directory.CreateTempSubdirectory("fastpath-nsd-").FullName;
        int port = FreeUdpPort();
        var conf = new StringBuilder();
        conf.AppendLine("server:");
        conf.AppendLine("  ip-address: 127.0.0.1");
        conf.AppendLine($"  port: {port}");
        foreach ((string key, string value) in new[] { ("username", ""), ("chroot", ""), ("zonesdir", dir), ("pidfile", "nsd.pid"), ("database", ""),
            ("zonelistfile", "zone.list"), ("xfrdfile", "xfrd.state"), ("xfrdir", dir), ("logfile", "nsd.log") })
            conf.AppendLine($"  {key}: \"{(value.Length > 0 && !value.StartsWith('/') ? Path.Combine(dir, value) : value)}\"");
        conf.AppendLine("  server-count: 1");
        conf.AppendLine("remote-control:\n  control-enable: no");
        foreach ((string name, string file) in zones)
            conf.AppendLine($"zone:\n  name: {name}\n  zonefile: {Copy(file, dir)}");
        string confPath = Path.Combine(dir, "nsd.conf");
        File.WriteAllText(confPath, conf.ToString());
        return new ReferenceServer("nsd", dir, port, "nsd", ["-d", "-c", confPath], zones[0].Name, Path.Combine(dir, "nsd.log"));
    }

    /// <summary>Start Knot DNS serving <paramref name="zones"/> (name, file).</summary>
    public static ReferenceServer Knot(IReadOnlyList<(string Name, string File)> zones)
    {
        string dir = Directory.CreateTempSubdirectory("fastpath-knot-").FullName;
        int port = FreeUdpPort();
        var conf = new StringBuilder();
        conf.AppendLine($"server:\n    listen: 127.0.0.1@{port}\n    rundir: {dir}\n    pidfile: {Path.Combine(dir, "knot.pid")}");
        conf.AppendLine($"database:\n    storage: {dir}");
        conf.AppendLine("log:\n  - target: stderr\n    any: warning");
        conf.AppendLine("zone:");
        foreach ((string name, string file) in zones)
            conf.AppendLine($"  - domain: {name}\n    file: {Copy(file, dir)}\n    storage: {dir}\n    zonefile-sync: -1\n    journal-content: none");
        string confPath = Path.Combine(dir, "knot.conf");
        File.WriteAllText(confPath, conf.ToString());
        return new ReferenceServer("knot", dir, port, "knotd", ["-c", confPath], zones[0].Name, Path.Combine(dir, "none.log"));
    }

    /// <summary>Send <paramref name="query"/> over UDP and return the reply, or null on timeout.</summary>
    public byte[]? Query(byte[] query, TimeSpan? timeout = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds;
        socket.SendTo(query, new IPEndPoint(IPAddress.Loopback, Port));
        byte[] buffer = new byte[65535];
        try
        {
            int n = socket.Receive(buffer);
            return buffer[..n];
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static string Copy(string file, string dir)
    {
        string copy = Path.Combine(dir, Path.GetFileName(file));
        File.Copy(file, copy, overwrite: true);
        return copy;
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
