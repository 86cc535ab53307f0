using System.Diagnostics;
using Fastpath.Examples.Dns.Server;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>
/// The DNS server as a process on an af_packet port inside a namespace, asked from the other end of a
/// veth pair by kdig and by a ping: its address (10.99.0.53) is on no interface, so the kernel answers
/// nothing for it and every reply — ARP, echo, DNS — comes from the server's degenerate stack.
/// </summary>
public sealed class DnsOnVethTests : IDisposable
{
    private const string ServerIp = "10.99.0.53";
    private readonly VethPair _veth = new("fpdns");

    public void Dispose() => _veth.Dispose();

    [Fact]
    public void KdigAndPingFromThePeerAreAnsweredByTheServersStack()
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "netns", "exec", _veth.NamespaceA, host, typeof(ZoneLoader).Assembly.Location,
            "--zone", DnsTestFiles.SampleZone, "--port", $"af_packet:{_veth.InterfaceA}", "--ip", ServerIp })
            start.ArgumentList.Add(a);
        using Process server = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            // Ready when kdig gets an answer (the first query also makes the peer ARP for the server's address).
            string answer = "";
            var until = DateTime.UtcNow.AddSeconds(20);
            while (!answer.Contains("192.0.2.80") && DateTime.UtcNow < until && !server.HasExited)
                answer = InPeer("kdig", $"@{ServerIp}", "+retry=0", "+timeout=1", "+short", "www.example.com", "A");
            Assert.True(answer.Contains("192.0.2.80"), $"kdig got '{answer}'; server said: {output}");

            // The peer learned the server's address from the server's ARP reply: the veth end's MAC.
            string neighbour = InPeer("ip", "neigh", "show", ServerIp);
            Assert.Contains("02:99:00:00:00:0a", neighbour);

            // An ICMP echo from a raw socket, answered by EchoResponder.
            string ping = InPeer("/usr/bin/python3", "-c", """
                import socket, struct, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.settimeout(2)
                body = struct.pack('!BBHHH', 8, 0, 0, 0x4650, 7) + b'fastpath'
                c = sum(struct.unpack('!%dH' % (len(body) // 2), body)); c = (c >> 16) + (c & 0xffff); c = ~(c + (c >> 16)) & 0xffff
                s.sendto(body[:2] + struct.pack('!H', c) + body[4:], (sys.argv[1], 0))
                while True:
                    data, addr = s.recvfrom(1500)
                    t, _, _, i, q = struct.unpack('!BBHHH', data[20:28])
                    if t == 0 and i == 0x4650: print('reply', addr[0], q, data[28:].decode()); break
                """, ServerIp);
            Assert.Equal($"reply {ServerIp} 7 fastpath", ping.Trim());
        }
        finally
        {
            if (!server.HasExited)
            {
                Process.Start("kill", ["-TERM", server.Id.ToString()])!.WaitForExit();
                server.WaitForExit(15_000);
            }
        }
        string text;
        lock (output)
            text = output.ToString();
        // The exit line counts the answered queries.
        Assert.Matches(@"dns: queries \d+: answer [1-9]", text);
    }

    private string InPeer(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "netns", "exec", _veth.NamespaceB, program }.Concat(arguments))
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit(10_000);
        return stdout;
    }
}
