namespace Fastpath;

/// <summary>One rx/tx queue pair of a DPDK ethdev (any PMD: net_ring, net_null, net_pcap, net_af_packet, net_af_xdp, a NIC), its mbufs handed to the program as <see cref="PacketBuffer"/>s without a copy.</summary>
/// <remarks>
/// <para>
/// Named <c>dpdk:[DEVICE] [EAL ARGUMENTS] [-- OPTIONS]</c> (see <see cref="DpdkArguments"/>):
/// <c>dpdk:net_ring0</c>, <c>dpdk:net_af_packet0,iface=veth0 --no-huge -m 512</c>,
/// <c>dpdk:--vdev=net_null0 -- rxd=512</c>. It receives into, and its worker frees into, a
/// <see cref="DpdkBufferPool"/> (<see cref="PortFactory.CreatePool"/> makes one for dpdk specs).
/// </para>
/// <para>
/// Zero copy: <see cref="ReceiveBurst"/> makes one native call, which runs <c>rte_eth_rx_burst</c>
/// and fills the descriptor in each mbuf's private area; <see cref="TransmitBurst"/> makes one, which
/// writes each descriptor's offset and length back into its mbuf and runs <c>rte_eth_tx_burst</c>.
/// A packet received, rewritten in place and sent goes out in the mbuf it came in.
/// </para>
/// <para>
/// Multi-segment mbufs are dropped and counted (<see cref="DpdkPortCounters.RxChained"/>), not
/// linearized: queues are set up without scatter, so a PMD chains only frames larger than the
/// mbuf's 2048-byte data room, which an MTU-1500 port does not receive.
/// </para>
/// </remarks>
public readonly unsafe struct DpdkPort : IPort, IDisposable
{
    private readonly DpdkPortHandle _handle;
    private readonly ushort _ethPort;
    private readonly ushort _queue;
    private readonly ushort _portId;

    private DpdkPort(DpdkPortHandle handle, ushort queue, ushort portId)
    {
        _handle = handle;
        _ethPort = handle.Port;
        _queue = queue;
        _portId = portId;
        Counters = new DpdkPortCounters();
    }

    /// <summary>Open the ethdev named by <paramref name="spec"/> (starting the EAL and making its virtual devices as needed), receiving into mbufs of <paramref name="cache"/>'s pool.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, names no single ethdev, or the cache's pool is not a <see cref="DpdkBufferPool"/>.</exception>
    /// <exception cref="InvalidOperationException">DPDK refused: the message carries its reason and what to do.</exception>
    public static DpdkPort Open(PortSpec spec, BufferCache cache, ushort portId = 0)
    {
        if (spec.Kind != "dpdk")
            throw new ArgumentException($"port '{spec}' is not a dpdk port", nameof(spec));
        DpdkArguments arguments = DpdkArguments.Parse(spec);
        if (cache.Pool is not DpdkBufferPool pool)
        {
            throw new ArgumentException(
                $"port '{spec}': dpdk ports receive into the mbufs of a DPDK mempool, so the buffers must come from one: " +
                "make the pool with PortFactory.CreatePool(specs, count) or DpdkBufferPool.Create, not new BufferPool");
        }
        DpdkEal.Initialize(spec, arguments);
        foreach (string device in arguments.VirtualDevices)
            DpdkEal.EnsureDevice(spec, device);
        ushort ethPort = Resolve(spec, arguments);
        string name = NameOf(ethPort);
        if (!DpdkEal.TryClaim(ethPort))
            throw new ArgumentException($"port '{spec}': ethdev {ethPort} ({name}) is already open in this process; each dpdk port needs a device of its own");
        try
        {
            Start(spec, arguments, ethPort, pool);
        }
        catch
        {
            DpdkPortHandle.Close(ethPort, name);
            throw;
        }
        return new DpdkPort(new DpdkPortHandle(ethPort, name), 0, portId);
    }

    /// <summary>Return the DPDK port id of the ethdev.</summary>
    public ushort EthPort => _ethPort;

    /// <summary>Return the ethdev's name (<c>net_ring0</c>, a PCI address).</summary>
    public string Name => _handle.Name;

    /// <summary>Return the port's counters.</summary>
    public DpdkPortCounters Counters { get; }

    /// <summary>Return the ethdev's MAC address.</summary>
    public MacAddress MacAddress
    {
        get
        {
            byte* mac = stackalloc byte[6];
            int rc = DpdkNative.PortMac(_ethPort, mac);
            return rc == 0 ? new MacAddress(new ReadOnlySpan<byte>(mac, 6)) : default;
        }
    }

    /// <inheritdoc/>
    public bool IsExhausted => false;

    /// <summary>Return the ethdev's own counters (<c>rte_eth_stats_get</c>): what the PMD received, sent, missed and could not buffer.</summary>
    public DpdkPortStatistics Statistics()
    {
        int rc = DpdkNative.PortStatistics(_ethPort, out DpdkNative.PortStats s);
        if (rc != 0)
            throw new InvalidOperationException($"dpdk port {Name}: rte_eth_stats_get failed: {DpdkEal.ErrorText(rc)}");
        return new DpdkPortStatistics(
            (long)s.InputPackets, (long)s.OutputPackets, (long)s.InputBytes, (long)s.OutputBytes,
            (long)s.InputMissed, (long)s.InputErrors, (long)s.OutputErrors, (long)s.ReceiveNoBuffer);
    }

    /// <inheritdoc/>
    public int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        // The worker's thread is not an EAL lcore until it says so; after that this is one thread-static read.
        DpdkEal.RegisterThread();
        ushort chained;
        ushort n;
        fixed (PacketBuffer* p = buffers)
            n = DpdkNative.RxBurst(_ethPort, _queue, _portId, (void**)p, (ushort)Math.Min(buffers.Length, DpdkNative.MaxBurst), &chained);
        if (chained != 0)
            Counters.RxChained += chained;
        Counters.RxPackets += n;
        return n;
    }

    /// <inheritdoc/>
    public int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        int sent = 0;
        fixed (PacketBuffer* p = buffers)
        {
            // One call for a worker's batch (at most two bursts of 32); more only for a longer span.
            while (sent < buffers.Length)
            {
                int chunk = Math.Min(buffers.Length - sent, DpdkNative.MaxBurst);
                int n = DpdkNative.TxBurst(_ethPort, _queue, (void**)(p + sent), (ushort)chunk);
                sent += n;
                if (n < chunk)
                    break;
            }
        }
        Counters.TxPackets += sent;
        return sent;
    }

    /// <inheritdoc/>
    public void Flush()
    {
        // rte_eth_tx_burst hands packets to the device at once; nothing is held back here.
    }

    /// <summary>Stop and close the ethdev (removing a virtual device this process made).</summary>
    public void Dispose() => _handle.Dispose();

    private static ushort Resolve(PortSpec spec, DpdkArguments arguments)
    {
        if (arguments.Port is { } wanted)
        {
            if (DpdkNative.PortByName(wanted, out ushort byName) == 0)
                return byName;
            if (ushort.TryParse(wanted, out ushort id) && NameOf(id).Length > 0)
                return id;
            throw new ArgumentException($"port '{spec}': DPDK has no ethdev '{wanted}'; it has {Available()}");
        }
        ushort count = DpdkNative.PortCount();
        if (count == 1)
        {
            for (ushort id = 0; id < 1024; id++)
            {
                if (NameOf(id).Length > 0)
                    return id;
            }
        }
        throw new ArgumentException($"port '{spec}': say which ethdev to open, as a device word (dpdk:net_ring0) or with '-- port=NAME'; DPDK has {Available()}");
    }

    private static string Available()
    {
        var names = new List<string>();
        for (ushort id = 0; id < 1024 && names.Count < DpdkNative.PortCount(); id++)
        {
            string name = NameOf(id);
            if (name.Length > 0)
                names.Add($"{id}={name}");
        }
        return names.Count == 0 ? "no ethdevs (name a virtual device such as net_ring0, or allow a NIC with -a)" : string.Join(", ", names);
    }

    private static string NameOf(ushort port)
    {
        byte* name = stackalloc byte[64];
        return DpdkNative.PortName(port, name) == 0 ? new string((sbyte*)name) : "";
    }

    private static void Start(PortSpec spec, DpdkArguments arguments, ushort port, DpdkBufferPool pool)
    {
        DpdkEal.ClearLog();
        Check(spec, "rte_eth_dev_configure", DpdkNative.PortConfigure(port, 1, 1));
        ushort rxd = arguments.RxDescriptors, txd = arguments.TxDescriptors;
        Check(spec, "rte_eth_dev_adjust_nb_rx_tx_desc", DpdkNative.PortAdjustRings(port, ref rxd, ref txd));
        Check(spec, "rte_eth_rx_queue_setup", DpdkNative.RxQueueSetup(port, 0, rxd, pool.MempoolPointer));
        Check(spec, "rte_eth_tx_queue_setup", DpdkNative.TxQueueSetup(port, 0, txd));
        Check(spec, "rte_eth_dev_start", DpdkNative.PortStart(port));
        // Virtual devices without the notion answer -ENOTSUP; that is no reason to fail.
        if (arguments.Promiscuous)
            DpdkNative.PortPromiscuous(port);
    }

    private static void Check(PortSpec spec, string call, int rc)
    {
        if (rc < 0)
            throw new InvalidOperationException($"port '{spec}': {call} failed: {DpdkEal.ErrorText(rc)}");
    }
}
