namespace Fastpath.Tests.Ports.Dpdk;

/// <summary>How a <c>dpdk:</c> spec splits into device, EAL arguments and options, and which EAL defaults are added; no DPDK needed.</summary>
public sealed class DpdkArgumentsTests
{
    private static DpdkArguments Parse(string arguments) => DpdkArguments.Parse(new PortSpec("dpdk", arguments));

    [Fact]
    public void ADeviceWordIsTheVirtualDeviceAndThePort()
    {
        var a = Parse("net_af_packet0,iface=veth0,qpairs=1 --no-huge -m 512");
        Assert.Equal("net_af_packet0,iface=veth0,qpairs=1", a.Device);
        Assert.Equal(["net_af_packet0,iface=veth0,qpairs=1"], a.VirtualDevices);
        Assert.Equal("net_af_packet0", a.Port);
        Assert.Equal(["--no-huge", "-m", "512"], a.Eal);
    }

    [Fact]
    public void VdevArgumentsAreTakenOutOfTheEalArgumentsAndALoneOneIsThePort()
    {
        var a = Parse("--vdev=net_null0 -l 0 --vdev net_ring1");
        Assert.Null(a.Device);
        Assert.Equal(["net_null0", "net_ring1"], a.VirtualDevices);
        Assert.Equal(["-l", "0"], a.Eal);
        Assert.Null(a.Port);
        Assert.Equal("net_null0", Parse("--vdev=net_null0 --no-huge").Port);
        Assert.Equal("net_ring1", Parse("--vdev=net_null0 --vdev=net_ring1 -- port=net_ring1").Port);
    }

    [Fact]
    public void APciAddressIsAllowedAndNamed()
    {
        var a = Parse("0000:03:00.0");
        Assert.Equal(["-a", "0000:03:00.0"], a.Eal);
        Assert.Equal("0000:03:00.0", a.Port);
        Assert.DoesNotContain("--no-pci", a.EalArgumentsWithDefaults());
    }

    [Fact]
    public void OptionsAfterTheSeparatorSetRingsPortAndPromiscuity()
    {
        var a = Parse("net_ring0 -- rxd=512,txd=256 promisc=off");
        Assert.Equal(512, a.RxDescriptors);
        Assert.Equal(256, a.TxDescriptors);
        Assert.False(a.Promiscuous);
        var d = Parse("net_ring0");
        Assert.Equal(DpdkArguments.DefaultRingSize, d.RxDescriptors);
        Assert.True(d.Promiscuous);
    }

    [Fact]
    public void DefaultsAreInMemoryOnHugepagesAndNoSharedConfigWithout()
    {
        Assert.Equal(["fastpath", "--in-memory", "--no-pci", "--no-telemetry"], Parse("net_ring0").EalArgumentsWithDefaults());
        Assert.Equal(["fastpath", "--no-huge", "--no-shconf", "-m", "512", "--no-pci", "--no-telemetry"], Parse("net_ring0 --no-huge").EalArgumentsWithDefaults());
        Assert.Equal(["fastpath", "--no-huge", "-m", "64", "--no-shconf", "--no-pci", "--no-telemetry"], Parse("net_ring0 --no-huge -m 64").EalArgumentsWithDefaults());
        Assert.Equal(["fastpath", "--file-prefix=x", "--telemetry", "--no-pci"], Parse("net_ring0 --file-prefix=x --telemetry").EalArgumentsWithDefaults());
    }

    [Theory]
    [InlineData("", "name a device")]
    [InlineData("eth0", "neither a virtual device")]
    [InlineData("net_ring0 -- rxd=7", "not a ring size")]
    [InlineData("net_ring0 -- burst=64", "option 'burst=64' is unknown")]
    [InlineData("--vdev", "--vdev needs a device")]
    [InlineData("--vdev=ring", "must be a driver name and number")]
    public void BadSpecsSayWhatIsAccepted(string arguments, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(arguments));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"dpdk:{arguments}", error.Message);
    }

    [Fact]
    public void PortSpecKnowsTheKind()
    {
        Assert.True(PortSpec.TryParse("dpdk:--vdev=net_af_packet0,iface=veth0 --no-huge -m 512", out PortSpec? spec, out _));
        Assert.Equal("dpdk", spec!.Kind);
        Assert.Equal("--vdev=net_af_packet0,iface=veth0 --no-huge -m 512", spec.Arguments);
    }
}
