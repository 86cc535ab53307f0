namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Every way an af_xdp port can fail to open says what to do: not root, no such interface, a program the verifier refuses, no bpffs where pinning needs it, an unsuitable pool, bad arguments.</summary>
[Collection(AfXdpCollection.Name)]
public sealed class AfXdpErrorTests(VethPair veth)
{
    [Fact]
    public void NotRootSaysWhichCapabilitiesAndWhatToDo()
    {
        using var pool = new BufferPool(1024);
        BufferCache cache = pool.CreateCache();
        Exception? thrown = Capabilities.RunUnprivileged(veth.NamespaceA, () =>
            AfXdpPort.Open(new PortSpec("af_xdp", veth.InterfaceA), cache, 0, TextWriter.Null).Dispose());
        var e = Assert.IsType<AfXdpException>(thrown);
        Assert.Equal(AfXdpFailure.NotPrivileged, e.Reason);
        Assert.Contains("AF_XDP needs root (CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF", e.Message);
        Assert.Contains("run it with sudo", e.Message);
    }

    [Fact]
    public void AMissingInterfaceSaysHowToListThemAndAboutNamespaces()
    {
        using var pool = new BufferPool(1024);
        var e = Assert.Throws<AfXdpException>(() => OpenInA("fpnosuch0", pool.CreateCache()));
        Assert.Equal(AfXdpFailure.InterfaceMissing, e.Reason);
        Assert.Contains("no interface 'fpnosuch0' in this network namespace", e.Message);
        Assert.Contains("'ip link' lists them", e.Message);
        Assert.Contains("ip netns exec", e.Message);
    }

    [Fact]
    public void AProgramTheVerifierRefusesCarriesTheVerifierLog()
    {
        using var dir = new Pcap.TempDirectory();
        string source = dir.File("unchecked.c");
        // Reads a packet byte without checking it against data_end: the verifier must refuse it.
        File.WriteAllText(source, """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            struct {
                __uint(type, BPF_MAP_TYPE_XSKMAP);
                __uint(max_entries, 4);
                __type(key, __u32);
                __type(value, __u32);
            } fp_xsks SEC(".maps");
            SEC("xdp")
            int fastpath_xdp(struct xdp_md *ctx)
            {
                unsigned char *data = (void *)(long)ctx->data;
                if (data[12] == 0x08)
                    return bpf_redirect_map(&fp_xsks, ctx->rx_queue_index, XDP_PASS);
                return XDP_PASS;
            }
            char LICENSE[] SEC("license") = "GPL";
            """);
        string objectFile = dir.File("unchecked.o");
        (int code, string output) = VethPair.Shell("clang", "-O2", "-g", "-target", "bpf", $"-I/usr/include/{MultiarchTriple()}", "-c", source, "-o", objectFile);
        Assert.True(code == 0, $"clang (installed by scripts/setup.sh) failed: {output}");

        using var pool = new BufferPool(1024);
        var e = Assert.Throws<AfXdpException>(() => OpenInA($"{veth.InterfaceA},prog={objectFile}", pool.CreateCache()));
        Assert.Equal(AfXdpFailure.ProgramRefused, e.Reason);
        Assert.Contains("the kernel refused XDP program 'fastpath_xdp'", e.Message);
        Assert.Contains("the verifier said:", e.Message);
        Assert.Contains("invalid access to packet", e.Message);
        Assert.Contains("bounds check against data_end", e.Message);
        // Nothing was left attached: the built-in program attaches at once.
        OpenInA(veth.InterfaceA, pool.CreateCache()).Dispose();
    }

    [Fact]
    public void PinningWithoutBpffsSaysHowToMountIt()
    {
        using var dir = new Pcap.TempDirectory();
        using var pool = new BufferPool(1024);
        var e = Assert.Throws<AfXdpException>(() => OpenInA($"{veth.InterfaceA},pin={dir.File("maps")}", pool.CreateCache()));
        Assert.Equal(AfXdpFailure.BpffsMissing, e.Reason);
        Assert.Contains("needs a BPF filesystem", e.Message);
        Assert.Contains("mount -t bpf bpf", e.Message);
        Assert.Contains("ip netns exec", e.Message);
    }

    [Fact]
    public void PinningOnBpffsPinsTheMapsWhileThePortIsOpen()
    {
        using var dir = new Pcap.TempDirectory();
        string mount = dir.File("bpffs");
        Directory.CreateDirectory(mount);
        (int code, string output) = VethPair.Shell("mount", "-t", "bpf", "bpf", mount);
        Assert.True(code == 0, $"mount -t bpf failed: {output}");
        try
        {
            using var pool = new BufferPool(1024);
            BufferCache cache = pool.CreateCache();
            string pins = Path.Combine(mount, "fastpath", veth.InterfaceA);
            AfXdpPort port = OpenInA($"{veth.InterfaceA},claim=udp:53,pin={pins}", cache);
            try
            {
                Assert.True(File.Exists(Path.Combine(pins, "fp_xsks")));
                Assert.True(File.Exists(Path.Combine(pins, "fp_claims")));
                Assert.True(File.Exists(Path.Combine(pins, "fp_stats")));
            }
            finally
            {
                port.Dispose();
            }
            Assert.False(Directory.Exists(pins), "the pins are removed with the port");
            cache.Flush();
            Assert.Equal(pool.Count, pool.Available);
        }
        finally
        {
            VethPair.Shell("umount", mount);
        }
    }

    [Fact]
    public void AMissingObjectSaysToRunTheSetupScript()
    {
        using var pool = new BufferPool(1024);
        string? saved = Environment.GetEnvironmentVariable("FASTPATH_XDP_OBJECT");
        Environment.SetEnvironmentVariable("FASTPATH_XDP_OBJECT", "/nonexistent/fastpath_xdp.o");
        try
        {
            var e = Assert.Throws<AfXdpException>(() => OpenInA(veth.InterfaceA, pool.CreateCache()));
            Assert.Equal(AfXdpFailure.ProgramMissing, e.Reason);
            Assert.Contains("'/nonexistent/fastpath_xdp.o' is missing: run scripts/setup.sh", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FASTPATH_XDP_OBJECT", saved);
        }
    }

    [Fact]
    public void APoolWhoseSlotsCannotBeFramesIsRefused()
    {
        using var pool = new BufferPool(64, room: 8192);
        var e = Assert.Throws<AfXdpException>(() => OpenInA(veth.InterfaceA, pool.CreateCache()));
        Assert.Equal(AfXdpFailure.PoolUnsuitable, e.Reason);
        Assert.Contains("slots are 8256 bytes", e.Message);

        using var small = new BufferPool(256);
        var tooMany = Assert.Throws<AfXdpException>(() => OpenInA($"{veth.InterfaceA},frames=2048", small.CreateCache()));
        Assert.Contains("frames=2048 would leave the worker almost none of the pool's 256 buffers", tooMany.Message);
    }

    [Theory]
    [InlineData("", "name the interface first")]
    [InlineData("queue=1", "name the interface first")]
    [InlineData("veth0,color=blue", "unknown option 'color'; af_xdp ports take queue, mode, bind")]
    [InlineData("veth0,mode=turbo", "mode 'turbo' is not native or generic")]
    [InlineData("veth0,bind=maybe", "bind 'maybe' is not zerocopy or copy")]
    [InlineData("veth0,ring=1000", "ring 1000 is not a power of two")]
    [InlineData("veth0,queue=999", "queue '999' is not a number from 0 to 255")]
    [InlineData("veth0,claim=dns", "claim 'dns' is not known; claims are all, udp, tcp")]
    [InlineData("veth0,claim=udp:70000", "claim 'udp:70000': '70000' is not a port")]
    [InlineData("veth0,prog=/nonexistent.o", "XDP object '/nonexistent.o' not found")]
    [InlineData("averyveryverylonginterfacename", "longer than 15 characters")]
    public void BadArgumentsSayWhatIsAccepted(string arguments, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => AfXdpOptions.Parse(new PortSpec("af_xdp", arguments)));
        Assert.Contains($"port 'af_xdp:{arguments}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    private AfXdpPort OpenInA(string arguments, BufferCache cache) =>
        Netns.Run(veth.NamespaceA, () => QueueRelease.Open(() => AfXdpPort.Open(new PortSpec("af_xdp", arguments), cache, 0, TextWriter.Null), waitForQueue: true));

    private static string MultiarchTriple() =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
}
