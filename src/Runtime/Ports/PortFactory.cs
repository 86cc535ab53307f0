namespace Fastpath;

/// <summary>Opens a port from its <c>kind:args</c> name and hands it, as its concrete struct type, to a visitor.</summary>
public static partial class PortFactory
{
    /// <summary>Open <paramref name="spec"/> with buffers from <paramref name="cache"/> and run <paramref name="visitor"/> over it.</summary>
    /// <exception cref="ArgumentException">The arguments are invalid; the message says which and what is accepted.</exception>
    public static TResult Run<TResult>(PortSpec spec, BufferCache cache, IPortVisitor<TResult> visitor, ushort portId = 0)
    {
        switch (spec.Kind)
        {
            case "memory":
            {
                MemoryPort port = OpenMemory(spec, cache, portId);
                return visitor.Visit(ref port);
            }
            case "pcap":
            {
                PcapPort port = PcapPort.Open(spec, cache, portId);
                try
                {
                    return visitor.Visit(ref port);
                }
                finally
                {
                    port.Dispose();
                }
            }
            case "udp":
                return RunOne(UdpPort.Open(spec, cache, portId), visitor);
            case "af_packet":
                return RunOne(AfPacketPort.Open(spec, cache, portId), visitor);
            case "dpdk":
                return RunOne(DpdkPort.Open(spec, cache, portId), visitor);
            case "af_xdp":
                return RunOne(AfXdpPort.Open(spec, cache, portId), visitor);
            default:
                throw new ArgumentException($"port '{spec}': kind '{spec.Kind}' is not available in this build");
        }
    }

    /// <summary>Open every port of <paramref name="specs"/> (all of one kind: a worker's loop is compiled for one port type) and run <paramref name="visitor"/> over them; ports holding files, sockets or devices (pcap, udp, af_packet, af_xdp, dpdk) are closed after.</summary>
    /// <exception cref="ArgumentException">The kinds differ, or a port's arguments are invalid.</exception>
    public static TResult RunAll<TResult>(IReadOnlyList<PortSpec> specs, BufferCache cache, IPortsVisitor<TResult> visitor)
    {
        if (specs.Count == 0)
            throw new ArgumentException("no ports: name at least one as kind:args");
        string kind = specs[0].Kind;
        foreach (PortSpec spec in specs)
        {
            if (spec.Kind != kind)
                throw new ArgumentException($"ports '{specs[0]}' and '{spec}' are of different kinds: one worker polls ports of one kind");
        }
        switch (kind)
        {
            case "memory":
            {
                var ports = new MemoryPort[specs.Count];
                for (int i = 0; i < ports.Length; i++)
                    ports[i] = OpenMemory(specs[i], cache, (ushort)i);
                return visitor.Visit(ports);
            }
            case "pcap":
            {
                var ports = new PcapPort[specs.Count];
                int opened = 0;
                try
                {
                    for (; opened < ports.Length; opened++)
                        ports[opened] = PcapPort.Open(specs[opened], cache, (ushort)opened);
                    return visitor.Visit(ports);
                }
                finally
                {
                    for (int i = 0; i < opened; i++)
                        ports[i].Dispose();
                }
            }
            case "udp":
                return RunEach(specs, visitor, (spec, id) => UdpPort.Open(spec, cache, id));
            case "af_packet":
                return RunEach(specs, visitor, (spec, id) => AfPacketPort.Open(spec, cache, id));
            case "dpdk":
                return RunEach(specs, visitor, (spec, id) => DpdkPort.Open(spec, cache, id));
            case "af_xdp":
                return RunEach(specs, visitor, (spec, id) => AfXdpPort.Open(spec, cache, id));
            default:
                throw new ArgumentException($"port '{specs[0]}': kind '{kind}' is not available in this build");
        }
    }

    /// <summary>Make the buffer pool that ports of <paramref name="specs"/> need: a DPDK mempool for dpdk ports (which starts the EAL), else a <see cref="BufferPool"/> in native memory.</summary>
    /// <exception cref="ArgumentException">A dpdk spec is invalid.</exception>
    /// <exception cref="InvalidOperationException">DPDK could not start; the message says what to do.</exception>
    public static BufferPool CreatePool(IReadOnlyList<PortSpec> specs, int count) =>
        specs.Count > 0 && specs.All(s => s.Kind == "dpdk")
            ? DpdkBufferPool.Create(specs, count)
            : new BufferPool(count);

    /// <summary>Open a <c>memory:</c> port from its options.</summary>
    public static MemoryPort OpenMemory(PortSpec spec, BufferCache cache, ushort portId = 0)
    {
        IReadOnlyDictionary<string, string> options = spec.Options();
        string[] known = ["synthetic", "frames", "count", "loop", "drop", "ring"];
        foreach (string key in options.Keys)
        {
            if (!known.Contains(key))
                throw new ArgumentException($"port '{spec}': unknown option '{key}'; memory ports take {string.Join(", ", known)}");
        }
        long count = -2;
        if (options.TryGetValue("count", out string? countText) && (!long.TryParse(countText, out count) || count < 0))
            throw new ArgumentException($"port '{spec}': count '{countText}' is not a non-negative number");
        int ring = 1024;
        if (options.TryGetValue("ring", out string? ringText) && (!int.TryParse(ringText, out ring) || ring < 2 || (ring & (ring - 1)) != 0))
            throw new ArgumentException($"port '{spec}': ring '{ringText}' is not a power of two");

        List<byte[]>? frames = null;
        if (options.TryGetValue("synthetic", out string? kind))
        {
            if (!SyntheticFrames.Kinds.Contains(kind))
                throw new ArgumentException($"port '{spec}': synthetic traffic '{kind}' is unknown; known kinds are {string.Join(", ", SyntheticFrames.Kinds)}");
            frames = SyntheticFrames.Create(kind, 256);
        }
        if (options.TryGetValue("frames", out string? path))
            frames = FramesFromCapture(spec, path);

        FrameSource? source = frames is null ? null : new FrameSource(frames, count == -2 ? frames.Count : count);
        MemoryPort.TransmitMode mode = options.ContainsKey("loop") ? MemoryPort.TransmitMode.Loopback
            : options.ContainsKey("drop") ? MemoryPort.TransmitMode.Drop
            : MemoryPort.TransmitMode.Ring;
        var rx = new MemoryRing(ring);
        return new MemoryPort(rx, mode == MemoryPort.TransmitMode.Ring ? new MemoryRing(ring) : null, source, cache, mode, portId);
    }

    private static List<byte[]> FramesFromCapture(PortSpec spec, string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"port '{spec}': frames capture '{path}' not found");
        List<byte[]> frames = PcapReader.ReadAllFrames(path);
        if (frames.Count == 0)
            throw new ArgumentException($"port '{spec}': frames capture '{path}' holds no packets");
        return frames;
    }
}
