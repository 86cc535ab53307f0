namespace Fastpath.Examples.Forward;

/// <summary>Opens each extra worker's own sockets for kernel ports that the kernel spreads over several sockets: af_packet in a fanout group, udp with reuseport.</summary>
/// <remarks>
/// Worker 0 polls the ports the factory opened; every other worker opens the same specs again, so
/// each socket has one reader and the kernel, not the program, splits the traffic (by flow hash
/// for <c>fanout=hash</c> and for <c>SO_REUSEPORT</c>). Whoever opens them disposes them.
/// </remarks>
internal static class SharedKernelPorts
{
    /// <summary>Return null when every port of <paramref name="specs"/> can be opened once per worker, else why not and what to add.</summary>
    public static string? WhyNotShared(IReadOnlyList<PortSpec> specs)
    {
        foreach (PortSpec spec in specs)
        {
            IReadOnlyDictionary<string, string> options = spec.Options();
            string? missing = spec.Kind switch
            {
                "af_packet" => options.ContainsKey("fanout") ? null : "fanout=hash (each worker opens a socket in one fanout group)",
                "udp" => options.ContainsKey("reuseport") ? null : "reuseport (each worker opens a socket on the same port)",
                _ => "",
            };
            if (missing is "")
                return $"{spec.Kind} ports have one queue: run them on one core";
            if (missing is not null)
                return $"port '{spec}' is polled by one worker; to run several, add {missing}";
        }
        return null;
    }

    /// <summary>Open <paramref name="specs"/> again for one more worker, adding each port to <paramref name="opened"/> for disposal.</summary>
    public static TPort[] Open<TPort>(IReadOnlyList<PortSpec> specs, BufferCache cache, List<IDisposable> opened) where TPort : struct, IPort
    {
        var ports = new TPort[specs.Count];
        for (int i = 0; i < ports.Length; i++)
        {
            object port = specs[i].Kind == "af_packet"
                ? AfPacketPort.Open(specs[i], cache, (ushort)i)
                : UdpPort.Open(specs[i], cache, (ushort)i);
            opened.Add((IDisposable)port);
            ports[i] = (TPort)port;
        }
        return ports;
    }
}
