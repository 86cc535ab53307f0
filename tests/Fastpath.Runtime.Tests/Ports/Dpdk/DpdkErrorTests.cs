using Fastpath.Tests.Pcap;
using Fastpath.Tests.Support;
using Xunit.Abstractions;

namespace Fastpath.Tests.Ports.Dpdk;

/// <summary>Each way a dpdk port commonly fails to open gives a message that says what to do; asserted in fresh child processes (the EAL starts once per process).</summary>
[Collection("dpdk")]
public sealed class DpdkErrorTests(ITestOutputHelper output)
{
    [Fact]
    public void NotRootSaysToRunAsRoot()
    {
        // setpriv drops to nobody for the child only. The host is copied under /tmp, which nobody can
        // read wherever the checkout lives; HOME must be writable for the dotnet host.
        using var dir = new TempDirectory();
        CopyHost(dir, withShim: true);
        using ChildProcess child = ChildProcess.Start(output, "setpriv",
            "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp",
            ChildProcess.Dotnet, dir.File("dpdk-testhost.dll"), "open", "dpdk:net_null0 --no-huge", "1", "5000");
        Assert.Equal(3, child.WaitForExit(TimeSpan.FromSeconds(60)));
        string error = child.Values()["error"];
        Assert.Contains("dpdk ports need root", error);
        Assert.Contains("run as root", error);
    }

    [Fact]
    public void NoHugetlbfsMountedSaysHowToMountOrToRunWithoutHugepages()
    {
        // A private mount namespace without hugetlbfs, and --file-prefix so that DPDK wants the mount (--in-memory would not).
        using ChildProcess child = ChildProcess.Start(output, "unshare", "-m", "sh", "-c",
            $"umount -a -t hugetlbfs; exec '{ChildProcess.Dotnet}' '{DpdkHost.HostDll}' open 'dpdk:net_null0 --file-prefix=fpnohuge' 1 5000");
        Assert.Equal(3, child.WaitForExit(TimeSpan.FromSeconds(60)));
        string error = child.Values()["error"];
        Assert.Contains("no hugetlbfs is mounted", error);
        Assert.Contains("mount -t hugetlbfs nodev /dev/hugepages", error);
        Assert.Contains("--no-huge -m 512", error);
    }

    [Fact]
    public void NoFreeHugepagesSaysHowToReserveThemOrToRunWithoutThem()
    {
        // The reservation is machine-wide (other processes use it), so this reads a made-up /proc/meminfo.
        string[] argv = ["fastpath", "--in-memory", "--no-pci"];
        string meminfo = "MemTotal: 24000000 kB\nHugePages_Total:       0\nHugePages_Free:        0\nHugepagesize:       2048 kB\n";
        string? error = DpdkEal.CheckHugepages(argv, meminfo, "nodev /dev/hugepages hugetlbfs rw 0 0\n");
        Assert.NotNull(error);
        Assert.Contains("no free hugepages (HugePages_Free is 0", error);
        Assert.Contains("echo 512 > /proc/sys/vm/nr_hugepages", error);
        Assert.Contains("--no-huge -m 512", error);

        Assert.Null(DpdkEal.CheckHugepages(argv, meminfo.Replace("HugePages_Free:        0", "HugePages_Free:      512"), ""));
        Assert.Null(DpdkEal.CheckHugepages(["fastpath", "--no-huge"], meminfo, ""));
    }

    [Fact]
    public void AnEalFailureCarriesDpdksOwnMessage()
    {
        using ChildProcess child = DpdkHost.Start(output, "open", "dpdk:net_null0 --no-huge --no-such-eal-option", 1);
        Assert.Equal(3, child.WaitForExit(TimeSpan.FromSeconds(60)));
        string error = child.Values()["error"];
        Assert.Contains("DPDK's EAL failed to start: Invalid argument", error);
        Assert.Contains("EAL: Invalid 'command line' arguments", error);
        Assert.Contains("--no-such-eal-option", error);
    }

    [Fact]
    public void AMissingInterfaceIsNamed()
    {
        using ChildProcess child = DpdkHost.Start(output, "open", "dpdk:net_af_packet0,iface=fpnosuch0 --no-huge", 1);
        Assert.Equal(3, child.WaitForExit(TimeSpan.FromSeconds(60)));
        string error = child.Values()["error"];
        Assert.Contains("could not create device 'net_af_packet0,iface=fpnosuch0'", error);
        Assert.Contains("Interface 'fpnosuch0' does not exist in this network namespace", error);
    }

    [Fact]
    public void AMissingShimSaysToRunTheSetupScript()
    {
        // The host and the runtime copied without libfastpath_dpdk.so, as when src/Native was never built.
        using var dir = new TempDirectory();
        CopyHost(dir, withShim: false);
        using ChildProcess child = ChildProcess.Start(output, ChildProcess.Dotnet, dir.File("dpdk-testhost.dll"), "open", "dpdk:net_null0 --no-huge", "1", "5000");
        Assert.Equal(3, child.WaitForExit(TimeSpan.FromSeconds(60)));
        string error = child.Values()["error"];
        Assert.Contains("libfastpath_dpdk.so", error);
        Assert.Contains("could not be loaded", error);
        Assert.Contains("scripts/setup.sh", error);
    }

    private static void CopyHost(TempDirectory dir, bool withShim)
    {
        string[] files = ["dpdk-testhost.dll", "dpdk-testhost.runtimeconfig.json", "dpdk-testhost.deps.json", "Fastpath.Runtime.dll"];
        foreach (string file in withShim ? [.. files, "libfastpath_dpdk.so"] : files)
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), dir.File(file));
    }

    [Fact]
    public void APoolThatIsNotAMempoolIsRefusedBeforeDpdkStarts()
    {
        using var pool = new BufferPool(128);
        var error = Assert.Throws<ArgumentException>(() => DpdkPort.Open(new PortSpec("dpdk", "net_ring0"), pool.CreateCache()));
        Assert.Contains("PortFactory.CreatePool", error.Message);
        Assert.False(DpdkEal.IsInitialized);
    }
}
