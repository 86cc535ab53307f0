namespace Fastpath.Examples.Dns.Server;

/// <summary>Finds the MAC address the server answers ARP and neighbor solicitations with: the interface's own, for ports on an interface.</summary>
internal static class PortMac
{
    /// <summary>Return the MAC of <paramref name="spec"/>'s interface (read from sysfs in this network namespace), or a locally administered one for ports with none.</summary>
    public static MacAddress Of(PortSpec spec)
    {
        if (spec.Kind is "af_packet" or "af_xdp")
        {
            string name = spec.Arguments.Split(',')[0];
            string path = $"/sys/class/net/{name}/address";
            if (File.Exists(path) && MacAddress.TryParse(File.ReadAllText(path).Trim(), out MacAddress mac))
                return mac;
        }
        return new MacAddress(0x02_00_00_00_00_53UL);
    }
}
