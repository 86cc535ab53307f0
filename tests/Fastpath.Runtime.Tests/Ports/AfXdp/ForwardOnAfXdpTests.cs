using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>examples/forward, as a user runs it (<c>ip netns exec … forward --port af_xdp:…</c>), swaps MACs and sends frames from the peer back to it.</summary>
[Collection(AfXdpCollection.Name)]
public sealed partial class ForwardOnAfXdpTests(VethPair veth)
{
    [Fact]
    public void ForwardRunsOnAnAfXdpPortInsideTheNamespace()
    {
        string forward = Path.Combine(AppContext.BaseDirectory, "forward.dll");
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["netns", "exec", veth.NamespaceA, "dotnet", forward, "--port", $"af_xdp:{veth.InterfaceA},claim=udp:9999"])
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var ready = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            errors.Enqueue(e.Data);
            if (e.Data.Contains("queue 0, native XDP"))
                ready.Set();
        };
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)), $"forward did not open the port: {string.Join('\n', errors)}");
            using PeerSocket peer = Netns.Run(veth.NamespaceB, () => PeerSocket.Open(veth.InterfaceB));
            peer.Drain();
            const int Count = 200;
            var sent = new List<byte[]>();
            for (int i = 0; i < Count; i++)
            {
                sent.Add(TestFrames.ToPort(i, 9999, 100 + i));
                Assert.True(peer.Send(sent[i]));
            }
            var back = new List<byte[]>();
            byte[] buffer = new byte[2048];
            var clock = Stopwatch.StartNew();
            while (back.Count < Count && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                int n = peer.Receive(buffer, 200);
                if (n > 0 && TestFrames.SequenceOf(buffer.AsSpan(0, n)) >= 0)
                    back.Add(buffer.AsSpan(0, n).ToArray());
            }
            Assert.Equal(Count, back.Count);
            for (int i = 0; i < Count; i++)
            {
                byte[] expected = (byte[])sent[i].Clone();
                // The L2 forwarder swaps the MACs and sends the frame out where it came in.
                sent[i].AsSpan(0, 6).CopyTo(expected.AsSpan(6));
                sent[i].AsSpan(6, 6).CopyTo(expected);
                Assert.True(expected.AsSpan().SequenceEqual(back[i]), $"frame {i} came back different");
            }
        }
        finally
        {
            if (!process.HasExited)
                Kill(process.Id, 15); // SIGTERM (SIGINT may be ignored when the tests run as a background job): the workers flush and the totals print
            if (!process.WaitForExit(10_000))
                process.Kill();
            process.WaitForExit();
        }
        Assert.Equal(0, process.ExitCode);
        lock (output)
            Assert.Contains("rx 200, tx 200", output.ToString());
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
