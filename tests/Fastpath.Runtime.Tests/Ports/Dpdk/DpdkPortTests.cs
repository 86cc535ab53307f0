using Fastpath.Tests.Pcap;
using Fastpath.Tests.Support;
using Xunit.Abstractions;

namespace Fastpath.Tests.Ports.Dpdk;

/// <summary>The dpdk port carries traffic on DPDK's software devices and on a veth pair, each test in child processes (see <see cref="DpdkHost"/>).</summary>
/// <remarks>One collection: the tests would only compete for the machine's two cores if run side by side.</remarks>
[Collection("dpdk")]
public sealed class DpdkPortTests(ITestOutputHelper output)
{
    [Fact]
    public void NetRingLoopsEveryFrameBackIntactInOrderInTheMbufItWasSentIn()
    {
        // No --no-huge: this one runs on hugepages (scripts/setup.sh reserves them), with --in-memory added by default.
        var r = DpdkHost.RunToEnd(output, "loopback", "dpdk:net_ring0", count: 2000);

        Assert.Equal("net_ring0", r["opened"]);
        Assert.Equal("2000", r["sent"]);
        Assert.Equal("2000", r["received"]);
        Assert.Equal("2000", r["intact"]);
        Assert.Equal("True", r["in_order"]);
        // Zero copy: what comes back is the very mbuf (descriptor) that went out.
        Assert.Equal("2000", r["same_buffer"]);
        Assert.Equal("2000", r["owned"]);
        Assert.Equal("False", r["foreign_owned"]);
        // The ethdev's counters, the port's counters and the test's agree; every mbuf is back in the pool.
        Assert.Equal("2000", r["ipackets"]);
        Assert.Equal("2000", r["opackets"]);
        Assert.Equal("2000", r["rx_packets"]);
        Assert.Equal("2000", r["tx_packets"]);
        Assert.Equal("0", r["rx_chained"]);
        Assert.Equal(r["pool_count"], r["pool_available"]);
    }

    [Fact]
    public void NetNullReceivesAndSendsWithoutHugepagesWithoutAllocatingAndItsCountersAgree()
    {
        var r = DpdkHost.RunToEnd(output, "null", "dpdk:--vdev=net_null0 --no-huge -m 256", count: 3_000_000, timeoutMs: 20_000);

        Assert.Equal("net_null0", r["opened"]);
        long received = long.Parse(r["received"]);
        Assert.InRange(received, 3_000_000, 3_000_000 + 32);
        // A million packets a window, rx and tx through the shim: not a byte allocated.
        Assert.Equal("0", r["allocated"]);
        Assert.Equal(r["received"], r["transmitted"]);
        Assert.Equal("0", r["wrong_length"]);
        Assert.Equal(r["received"], r["ipackets"]);
        Assert.Equal(r["transmitted"], r["opackets"]);
        Assert.Equal(r["received"], r["rx_packets"]);
        Assert.Equal(r["pool_count"], r["pool_available"]);
    }

    [Fact]
    public void NetPcapReplaysACaptureIntoAnotherFrameForFrame()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        string outputFile = dir.File("out.pcap");
        List<byte[]> frames = [.. SyntheticFrames.Create("udp", 150, seed: 4), .. SyntheticFrames.Create("dns", 50, seed: 4)];
        using (var writer = new PcapWriter(input))
        {
            foreach (byte[] frame in frames)
                writer.Write(frame, 1_700_000_000_000_000_000);
        }
        var r = DpdkHost.RunToEnd(output, "echo", $"dpdk:net_pcap0,rx_pcap={input},tx_pcap={outputFile} --no-huge", count: frames.Count);

        Assert.Equal("200", r["received"]);
        Assert.Equal("200", r["transmitted"]);
        Assert.Equal("200", r["ipackets"]);
        Assert.Equal("200", r["opackets"]);
        // The port was closed when the host exited the scenario, so the output is complete.
        List<byte[]> written = PcapReader.ReadAllFrames(outputFile);
        Assert.Equal(frames.Count, written.Count);
        for (int i = 0; i < frames.Count; i++)
            Assert.True(frames[i].AsSpan().SequenceEqual(written[i]), $"frame {i} differs");
        Assert.Equal(r["pool_count"], r["pool_available"]);
    }

    [Theory]
    // framecnt=2048: room in net_af_packet's ring for every frame, should the receiver lose its core a while on a busy machine.
    [InlineData("net_af_packet0,framecnt=2048", "fpdk1")]
    [InlineData("net_af_xdp0", "fpdk3")]
    public void FramesCrossAVethPairBetweenNamespacesIntoTheReceiversPmd(string receiver, string pair)
    {
        // The sender is always net_af_packet on the A end; the receiver is the PMD under test on the B end.
        using var veth = new VethPair(output, pair);
        using ChildProcess rx = DpdkHost.Start(output, "receive", $"dpdk:{receiver},iface={veth.InterfaceB} --no-huge", 1000, 10_000, veth.NamespaceB);
        Assert.True(rx.WaitForLine("ready=", TimeSpan.FromSeconds(20)), $"the receiver did not start:\n{rx.Stdout}\n{rx.Stderr}");
        var sent = DpdkHost.RunToEnd(output, "send", $"dpdk:net_af_packet0,iface={veth.InterfaceA}", 1000, 10_000, veth.NamespaceA);
        Assert.Equal(0, rx.WaitForExit(TimeSpan.FromSeconds(30)));
        var r = rx.Values();

        Assert.Equal("1000", sent["sent"]);
        Assert.Equal("1000", sent["opackets"]);
        Assert.Equal(sent["pool_count"], sent["pool_available"]);
        Assert.Equal("1000", r["received"]);
        Assert.Equal("1000", r["intact"]);
        Assert.Equal("True", r["in_order"]);
        // rx = delivered + the kernel's own frames on the wire (IPv6 router/neighbour chatter), nothing unaccounted.
        Assert.Equal(long.Parse(r["received"]) + long.Parse(r["others"]) + long.Parse(r["probes"]), long.Parse(r["ipackets"]));
        Assert.Equal(r["ipackets"], r["rx_packets"]);
        Assert.Equal("0", r["imissed"]);
        // (Not the receiver's pool: net_af_xdp keeps the mbufs of its fill ring when the device is removed.)
    }

    [Fact]
    public void ForwardRunsOnADpdkPortAndSendsEveryFrameBackWithItsMacsSwapped()
    {
        using var veth = new VethPair(output, "fpdk2");
        using ChildProcess forward = DpdkHost.Run(output, veth.NamespaceA, DpdkHost.ForwardDll, "--port", $"dpdk:net_af_packet0,iface={veth.InterfaceA},framecnt=2048 --no-huge -m 256");
        IReadOnlyDictionary<string, string> r;
        try
        {
            r = DpdkHost.RunToEnd(output, "pingpong", $"dpdk:net_af_packet0,iface={veth.InterfaceB},framecnt=2048", 1000, 15_000, veth.NamespaceB);
        }
        finally
        {
            forward.Signal("TERM");
        }
        Assert.Equal(0, forward.WaitForExit(TimeSpan.FromSeconds(20)));

        Assert.Equal("True", r["answered"]);
        Assert.Equal("1000", r["sent"]);
        Assert.Equal("1000", r["received"]);
        Assert.Equal("1000", r["intact"]);
        Assert.Equal("True", r["in_order"]);
        // forward's totals: everything it received (our frames, probes, kernel chatter) went back out, nothing dropped.
        var totals = System.Text.RegularExpressions.Regex.Match(forward.Stdout, @"rx (\d+), tx (\d+), slow path (\d+), drops (\d+)");
        Assert.True(totals.Success, $"forward printed no totals:\n{forward.Stdout}\n{forward.Stderr}");
        Assert.True(long.Parse(totals.Groups[1].Value) >= 1000, totals.Value);
        Assert.Equal(totals.Groups[1].Value, totals.Groups[2].Value);
        Assert.Equal("0", totals.Groups[4].Value);
    }
}
