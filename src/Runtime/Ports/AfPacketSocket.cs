using System.Numerics;
using System.Text;
using Fastpath.Linux;

namespace Fastpath;

/// <summary>The state behind an <see cref="AfPacketPort"/>: the packet socket, its mapped rings and the cursors into them.</summary>
/// <remarks>A class, so that every copy of the port struct shares one socket and one position in each ring.</remarks>
internal sealed unsafe class AfPacketSocket : IDisposable
{
    /// <summary>The fanout modes <c>fanout=</c> accepts, with their <c>PACKET_FANOUT_*</c> values.</summary>
    public static readonly IReadOnlyDictionary<string, int> FanoutModes = new Dictionary<string, int>
    {
        ["hash"] = 0, ["lb"] = 1, ["cpu"] = 2, ["rollover"] = 3, ["rnd"] = 4, ["qm"] = 5,
    };

    private const int PageSize = 4096;
    private const int FanoutIgnoreOutgoing = 0x4000; // PACKET_FANOUT_FLAG_IGNORE_OUTGOING
    private readonly KernelSocketHandle _handle;
    private readonly RingMappingHandle _mapping;
    private int _disposed;

    public readonly int Fd;
    public readonly string Interface;
    public readonly int InterfaceIndex;
    public readonly int Mtu;
    public readonly BufferCache Cache;
    public readonly ushort PortId;
    public readonly AfPacketPortCounters Counters = new();
    public readonly int? FanoutGroup;

    // Receive ring: blocks of BlockSize bytes; Block is the next one to read, Frame the next frame in
    // it when FramesLeft is non-zero.
    public readonly byte* RxRing;
    public readonly int BlockSize;
    public readonly int BlockCount;
    public int Block;
    public byte* Frame;
    public uint FramesLeft;

    // Transmit ring: TxFrameCount frames of TxFrameSize bytes back to back; TxHead is the next to fill.
    public readonly byte* TxRing;
    public readonly int TxFrameSize;
    public readonly int TxFrameCount;
    public int TxHead;
    public bool KickPending;

    private AfPacketSocket(KernelSocketHandle handle, RingMappingHandle mapping, string name, int index, int mtu, BufferCache cache, ushort portId,
        int blockSize, int blockCount, int txFrameSize, int txFrameCount, int? fanoutGroup)
    {
        _handle = handle;
        _mapping = mapping;
        Fd = handle.Fd;
        Interface = name;
        InterfaceIndex = index;
        Mtu = mtu;
        Cache = cache;
        PortId = portId;
        BlockSize = blockSize;
        BlockCount = blockCount;
        RxRing = mapping.Address;
        TxFrameSize = txFrameSize;
        TxFrameCount = txFrameCount;
        TxRing = mapping.Address + (nuint)blockSize * (nuint)blockCount;
        FanoutGroup = fanoutGroup;
    }

    /// <summary>Return the handle, for calls that take one.</summary>
    public KernelSocketHandle Handle => _handle;

    /// <summary>Open the socket a <c>af_packet:IFNAME[,options]</c> spec names: rings mapped, bound, in its fanout group.</summary>
    public static AfPacketSocket Open(PortSpec spec, BufferCache cache, ushort portId)
    {
        if (spec.Kind != "af_packet")
            throw new ArgumentException($"port '{spec}' is not an af_packet port", nameof(spec));
        string[] parts = spec.Arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts[0].Contains('='))
            throw new ArgumentException($"port '{spec}': expected af_packet:IFNAME[,options], e.g. af_packet:eth0 or af_packet:veth0,fanout=hash,group=7");
        string name = parts[0];
        if (Encoding.UTF8.GetByteCount(name) > 15)
            throw new ArgumentException($"port '{spec}': interface name '{name}' is longer than 15 bytes, the kernel's limit");

        int blockSize = 1 << 18, blockCount = 32, timeout = 1, txFrames = 512;
        string? fanout = null;
        int? group = null;
        bool promiscuous = false, keepQdisc = false;
        string[] known = ["fanout", "group", "blocks", "block_size", "timeout", "tx_frames", "promisc", "qdisc"];
        foreach (string part in parts.AsSpan(1))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            switch (key)
            {
                case "fanout":
                    fanout = value.Length == 0 ? "hash" : value;
                    if (!FanoutModes.ContainsKey(fanout))
                        throw new ArgumentException($"port '{spec}': fanout={value} is unknown; fanout modes are {string.Join(", ", FanoutModes.Keys)}");
                    break;
                case "group":
                    group = Number(spec, key, value, 0, ushort.MaxValue);
                    break;
                case "blocks":
                    blockCount = Number(spec, key, value, 2, 1 << 16);
                    break;
                case "block_size":
                    blockSize = Number(spec, key, value, PageSize, 1 << 30);
                    if (!BitOperations.IsPow2(blockSize))
                        throw new ArgumentException($"port '{spec}': block_size={value} is not a power of two of at least {PageSize} bytes");
                    break;
                case "timeout":
                    timeout = Number(spec, key, value, 1, 60_000);
                    break;
                case "tx_frames":
                    txFrames = Number(spec, key, value, 1, 1 << 20);
                    break;
                case "promisc":
                    promiscuous = true;
                    break;
                case "qdisc":
                    keepQdisc = true;
                    break;
                default:
                    throw new ArgumentException($"port '{spec}': unknown option '{key}'; af_packet ports take {string.Join(", ", known)}");
            }
        }
        if (group is not null && fanout is null)
            throw new ArgumentException($"port '{spec}': group= names a fanout group: add fanout=hash (or another mode)");

        // The interface first: a misspelt name is the likeliest mistake, and the lookup needs no privilege.
        int index = (int)KernelSockets.if_nametoindex(name);
        if (index == 0)
            throw new IOException($"port '{spec}': interface '{name}' not found; list this namespace's interfaces with `ip link` (in another network namespace, run there with `ip netns exec NS ...`)");

        // Protocol 0: the socket receives nothing until bind, so no frame lands before the rings exist.
        int fd = KernelSockets.socket(KernelSockets.AF_PACKET, KernelSockets.SOCK_RAW | KernelSockets.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = KernelSockets.Errno();
            throw new IOException(errno switch
            {
                KernelSockets.EPERM or KernelSockets.EACCES => $"port '{spec}': af_packet needs root or CAP_NET_RAW (run as root, or give the program the capability: setcap cap_net_raw+ep)",
                KernelSockets.EAFNOSUPPORT => $"port '{spec}': this kernel has no AF_PACKET sockets (CONFIG_PACKET)",
                _ => $"port '{spec}': could not create a packet socket: {KernelSockets.Describe(errno)}",
            }, errno);
        }
        var handle = new KernelSocketHandle(fd);
        RingMappingHandle? mapping = null;
        try
        {
            int flags = InterfaceValue(spec, handle, name, KernelSockets.SIOCGIFFLAGS);
            if ((flags & KernelSockets.IFF_UP) == 0)
                throw new IOException($"port '{spec}': interface '{name}' is down; bring it up with `ip link set {name} up`");
            int mtu = InterfaceValue(spec, handle, name, KernelSockets.SIOCGIFMTU);

            Set(spec, handle, KernelSockets.PACKET_VERSION, KernelSockets.TPACKET_V3, "TPACKET_V3 (Linux 3.2 or newer)");
            // Before the rings, which the kernel requires: a frame it finds malformed is skipped rather
            // than blocking the transmit ring (the port checks lengths first, so none should be).
            Set(spec, handle, KernelSockets.PACKET_LOSS, 1, "PACKET_LOSS");
            var rx = new TpacketReq3
            {
                BlockSize = (uint)blockSize,
                BlockCount = (uint)blockCount,
                // V3 packs frames of any size into a block; the frame size only has to divide it.
                FrameSize = 2048,
                FrameCount = (uint)(blockSize / 2048 * blockCount),
                RetireBlockTimeoutMs = (uint)timeout,
                FeatureRequestWord = TpacketStatus.FillRxHash,
            };
            Ring(spec, handle, KernelSockets.PACKET_RX_RING, rx, "receive");

            // A transmit frame holds its header and the largest frame the interface (and a buffer) can carry:
            // the MTU, an Ethernet header and one VLAN tag. Powers of two, so frames tile the blocks.
            int largest = Math.Min(mtu + 18, cache.Pool.Room);
            int txFrameSize = (int)BitOperations.RoundUpToPowerOf2((uint)(Tpacket3Hdr.TxDataOffset + largest));
            int txBlockSize = Math.Max(txFrameSize, 1 << 16);
            int perBlock = txBlockSize / txFrameSize;
            int txBlocks = (txFrames + perBlock - 1) / perBlock;
            var tx = new TpacketReq3
            {
                BlockSize = (uint)txBlockSize,
                BlockCount = (uint)txBlocks,
                FrameSize = (uint)txFrameSize,
                FrameCount = (uint)(perBlock * txBlocks),
            };
            Ring(spec, handle, KernelSockets.PACKET_TX_RING, tx, "transmit");

            // One mapping holds both rings, receive first (packet_mmap.rst, "Mapping and use of the circular buffer").
            nuint length = (nuint)blockSize * (nuint)blockCount + (nuint)txBlockSize * (nuint)txBlocks;
            void* address = KernelSockets.mmap(null, length, KernelSockets.PROT_READ | KernelSockets.PROT_WRITE, KernelSockets.MAP_SHARED, handle, 0);
            if (address == (void*)-1)
                throw new IOException($"port '{spec}': could not map the rings ({length} bytes): {KernelSockets.Describe(KernelSockets.Errno())}");
            mapping = new RingMappingHandle(address, length);

            // The port's own transmits, and anything else leaving the interface, are not traffic to receive.
            Set(spec, handle, KernelSockets.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING (Linux 4.20 or newer)");
            // Straight to the driver: no qdisc, at the price of drops when the driver's queue is full (seen in `ip -s link`).
            if (!keepQdisc)
                Set(spec, handle, KernelSockets.PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS (Linux 3.14 or newer)");

            var link = new SockAddrLl
            {
                Family = KernelSockets.AF_PACKET,
                Protocol = KernelSockets.NetworkOrder(KernelSockets.ETH_P_ALL),
                InterfaceIndex = index,
            };
            if (KernelSockets.bind(handle, &link, (uint)sizeof(SockAddrLl)) != 0)
            {
                int errno = KernelSockets.Errno();
                throw new IOException(errno == KernelSockets.ENODEV
                    ? $"port '{spec}': interface '{name}' went away while the port was opening; check `ip link`"
                    : $"port '{spec}': could not bind to '{name}': {KernelSockets.Describe(errno)}", errno);
            }

            int? fanoutGroup = null;
            if (fanout is not null)
            {
                // Fanout joins only a bound socket. Without group=, sockets on one interface meet in a group named by its index.
                fanoutGroup = group ?? (index & 0xFFFF);
                int value = fanoutGroup.Value | (FanoutModes[fanout] << 16);
                // PACKET_IGNORE_OUTGOING does not reach a fanout group, which has a hook of its own: the
                // group takes the flag (PACKET_FANOUT_FLAG_IGNORE_OUTGOING, 2025 kernels); older kernels refuse it, and the receive
                // path skips outgoing frames itself by their packet type.
                if (KernelSockets.SetInt(handle, KernelSockets.SOL_PACKET, KernelSockets.PACKET_FANOUT, value | (FanoutIgnoreOutgoing << 16)) != 0
                    && KernelSockets.SetInt(handle, KernelSockets.SOL_PACKET, KernelSockets.PACKET_FANOUT, value) != 0)
                {
                    int errno = KernelSockets.Errno();
                    throw new IOException($"port '{spec}': could not join fanout group {fanoutGroup} ({fanout}): {KernelSockets.Describe(errno)}; " +
                        "a group holds sockets of one mode on one interface, so another program may hold this id: pick another group=", errno);
                }
            }
            if (promiscuous)
            {
                var request = new PacketMreq { InterfaceIndex = index, Type = KernelSockets.PACKET_MR_PROMISC };
                if (KernelSockets.setsockopt(handle, KernelSockets.SOL_PACKET, KernelSockets.PACKET_ADD_MEMBERSHIP, &request, (uint)sizeof(PacketMreq)) != 0)
                    throw new IOException($"port '{spec}': could not make '{name}' promiscuous: {KernelSockets.Describe(KernelSockets.Errno())}");
            }
            return new AfPacketSocket(handle, mapping, name, index, mtu, cache, portId, blockSize, blockCount, txFrameSize, tx.FrameCount > int.MaxValue ? int.MaxValue : (int)tx.FrameCount, fanoutGroup);
        }
        catch
        {
            mapping?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Add the kernel's counts since the last read (<c>PACKET_STATISTICS</c> resets them) to <see cref="Counters"/>.</summary>
    public void ReadKernelStatistics()
    {
        var stats = default(TpacketStatsV3);
        uint length = (uint)sizeof(TpacketStatsV3);
        lock (Counters)
        {
            if (Volatile.Read(ref _disposed) != 0)
                return;
            if (KernelSockets.getsockopt(_handle, KernelSockets.SOL_PACKET, KernelSockets.PACKET_STATISTICS, &stats, &length) != 0)
                throw new IOException($"af_packet port on '{Interface}': PACKET_STATISTICS failed: {KernelSockets.Describe(KernelSockets.Errno())}");
            Counters.KernelPackets += stats.Packets;
            Counters.KernelDrops += stats.Drops;
            Counters.KernelFreezes += stats.FreezeQueueCount;
        }
    }

    /// <summary>Unmap the rings and close the socket.</summary>
    public void Dispose()
    {
        lock (Counters)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
        }
        _mapping.Dispose();
        _handle.Dispose();
    }

    private static int Number(PortSpec spec, string key, string value, int min, int max)
    {
        if (!int.TryParse(value, out int n) || n < min || n > max)
            throw new ArgumentException($"port '{spec}': {key}={value} is not a number from {min} to {max}");
        return n;
    }

    private static void Set(PortSpec spec, KernelSocketHandle handle, int option, int value, string what)
    {
        if (KernelSockets.SetInt(handle, KernelSockets.SOL_PACKET, option, value) != 0)
        {
            int errno = KernelSockets.Errno();
            throw new IOException($"port '{spec}': the kernel refused {what}: {KernelSockets.Describe(errno)}", errno);
        }
    }

    private static void Ring(PortSpec spec, KernelSocketHandle handle, int option, TpacketReq3 request, string which)
    {
        if (KernelSockets.setsockopt(handle, KernelSockets.SOL_PACKET, option, &request, (uint)sizeof(TpacketReq3)) == 0)
            return;
        int errno = KernelSockets.Errno();
        throw new IOException($"port '{spec}': the kernel refused a {which} ring of {request.BlockCount} blocks of {request.BlockSize} bytes: {KernelSockets.Describe(errno)}" +
            (errno == 12 ? "; ask for fewer blocks= or a smaller block_size=" : ""), errno);
    }

    private static int InterfaceValue(PortSpec spec, KernelSocketHandle handle, string name, nuint request)
    {
        var ifr = default(IfReq);
        Encoding.UTF8.GetBytes(name, new Span<byte>(ifr.Name, 15));
        if (KernelSockets.ioctl(handle, request, &ifr) != 0)
        {
            int errno = KernelSockets.Errno();
            throw new IOException(errno is KernelSockets.ENODEV or KernelSockets.ENXIO
                ? $"port '{spec}': interface '{name}' not found; list this namespace's interfaces with `ip link`"
                : $"port '{spec}': could not read '{name}' (ioctl {request:x}): {KernelSockets.Describe(errno)}", errno);
        }
        // SIOCGIFFLAGS fills a short, SIOCGIFMTU an int, both at the start of the union.
        return request == KernelSockets.SIOCGIFFLAGS ? (ushort)ifr.Value : ifr.Value;
    }
}
