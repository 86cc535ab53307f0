using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>A real NSD serving zone files on a free loopback port for the length of a test: the reference the server is compared with.</summary>
internal sealed class NsdServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public NsdServer(IReadOnlyList<(string Name, string File)> zones)
    {
        _directory = Directory.CreateTempSubdirectory("fastpath-nsd-").FullName;
        Port = FreeUdpPort();
        var conf = new System.Text.StringBuilder();
        conf.AppendLine("server:");
        conf.AppendLine($"  ip-address: 127.0.0.1");
        conf.AppendLine($"  port: {Port}");
        foreach ((string key, string value) in new[] { ("username", ""), ("chroot", ""), ("zonesdir", _directory), ("pidfile", "nsd.pid"), ("database", ""),
            ("zonelistfile", "zone.list"), ("xfrdfile", "xfrd.state"), ("xfrdir", _directory), ("logfile", "nsd.log") })
            conf.AppendLine($"  {key}: \"{(value.Length > 0 && !value.StartsWith('/') ? Path.Combine(_directory, value) : value)}\"");
        conf.AppendLine("  server-count: 1");
        conf.AppendLine("remote-control:\n  control-enable: no");
        foreach ((string name, string file) in zones)
        {
            string copy = Path.Combine(_directory, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            conf.AppendLine($"zone:\n  name: {name}\n  zonefile: {copy}");
        }
        string confPath = Path.Combine(_directory, "nsd.conf");
        File.WriteAllText(confPath, conf.ToString());
        _process = Process.Start(new ProcessStartInfo("nsd", ["-d", "-c", confPath]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("nsd did not start");
        // Ready when it answers: NSD loads zones before it serves.
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Query(DnsMessages.Query(zones[0].Name, 6), TimeSpan.FromMilliseconds(200)) is null)
        {
            if (_process.HasExited || DateTime.UtcNow > until)
                throw new InvalidOperationException($"nsd did not answer on port {Port}: {File.ReadAllText(Path.Combine(_directory, "nsd.log"))}{_process.StandardError.ReadToEnd()}");
        }
    }

    /// <summary>Return the loopback UDP port NSD listens on.</summary>
    public int Port { get; }

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
