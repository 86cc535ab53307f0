using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Fastpath.Linux;

namespace Fastpath;

/// <summary>The state behind a <see cref="UdpPort"/>: the socket, the message arrays <c>recvmmsg</c>/<c>sendmmsg</c> read in native memory, and the buffers posted for the next receive.</summary>
/// <remarks>
/// A class, so that every copy of the port struct shares one socket and one set of arrays. The
/// arrays are allocated once, with their name, iovec and control pointers already filled in; a
/// burst only writes lengths and payload pointers.
/// </remarks>
internal sealed unsafe class UdpSocket : IDisposable
{
    /// <summary>The most datagrams one <c>recvmmsg</c> asks for.</summary>
    public const int RxBurst = Burst.MaxSize;

    /// <summary>The most datagrams one <c>sendmmsg</c> sends (a worker hands over up to two bursts).</summary>
    public const int TxBurst = 2 * Burst.MaxSize;

    /// <summary>Bytes kept per message for a sockaddr_in6 (28), rounded to 32.</summary>
    public const int NameStride = 32;

    /// <summary>Bytes of ancillary data per received message: room for IPV6_PKTINFO (40), asked for only when bound to any address.</summary>
    public const int ControlStride = 64;

    private readonly KernelSocketHandle _handle;
    private readonly byte* _native;
    private int _disposed;

    public readonly int Fd;
    public readonly bool Ipv6;
    public readonly bool Wildcard;
    public readonly int HeaderLength;
    public readonly uint NameLength;
    public readonly BufferCache Cache;
    public readonly ushort PortId;
    public readonly UdpPortCounters Counters = new();
    public readonly IPEndPoint LocalEndPoint;
    public readonly IPEndPoint? Peer;

    // The local address and port as they sit in a frame (network byte order), for the to-self check.
    public readonly ushort LocalPortRaw;
    public readonly uint LocalV4Raw;
    public readonly Ipv6Address LocalV6;
    // The bound address's scope, given to IPv6 destinations (a link-local one needs it; the frame does not carry it).
    public readonly uint LocalScopeId;
    // With a wildcard bind, the host's addresses of the socket's family, read at open.
    public readonly uint[] HostV4Raw;
    public readonly Ipv6Address[] HostV6;

    // The synthetic Ethernet/IP/UDP header of a received datagram, with everything constant filled in.
    public readonly byte[] Template;

    public readonly MMsgHdr* RxMessages;
    public readonly IoVec* RxIov;
    public readonly byte* RxNames;
    public readonly byte* RxControl;
    public readonly MMsgHdr* TxMessages;
    public readonly IoVec* TxIov;
    public readonly byte* TxNames;
    // The peer= address, written into a message's name when set.
    public readonly byte* PeerName;

    public readonly PacketBuffer[] Posted = new PacketBuffer[RxBurst];
    public int PostedCount;
    public ushort NextIpId;

    private UdpSocket(KernelSocketHandle handle, IPEndPoint local, IPEndPoint? peer, BufferCache cache, ushort portId)
    {
        _handle = handle;
        Fd = handle.Fd;
        Ipv6 = local.AddressFamily == AddressFamily.InterNetworkV6;
        Wildcard = local.Address.Equals(Ipv6 ? IPAddress.IPv6Any : IPAddress.Any);
        HeaderLength = Ipv6 ? 14 + 40 + 8 : 14 + 20 + 8;
        NameLength = Ipv6 ? 28u : 16u;
        Cache = cache;
        PortId = portId;
        LocalEndPoint = local;
        Peer = peer;
        LocalPortRaw = KernelSockets.NetworkOrder((ushort)local.Port);
        Span<byte> octets = stackalloc byte[16];
        local.Address.TryWriteBytes(octets, out _);
        if (Ipv6)
        {
            LocalV6 = new Ipv6Address(octets);
            LocalScopeId = (uint)local.Address.ScopeId;
        }
        else
            LocalV4Raw = MemoryMarshal.Read<uint>(octets);
        (HostV4Raw, HostV6) = Wildcard ? HostAddresses() : ([], []);
        Template = BuildTemplate(local);

        int rxBytes = RxBurst * (sizeof(MMsgHdr) + sizeof(IoVec) + NameStride + ControlStride);
        int txBytes = TxBurst * (sizeof(MMsgHdr) + sizeof(IoVec) + NameStride);
        _native = (byte*)NativeMemory.AlignedAlloc((nuint)(rxBytes + txBytes + NameStride), 64);
        NativeMemory.Clear(_native, (nuint)(rxBytes + txBytes + NameStride));
        byte* p = _native;
        RxMessages = (MMsgHdr*)p; p += RxBurst * sizeof(MMsgHdr);
        RxIov = (IoVec*)p; p += RxBurst * sizeof(IoVec);
        RxNames = p; p += RxBurst * NameStride;
        RxControl = p; p += RxBurst * ControlStride;
        TxMessages = (MMsgHdr*)p; p += TxBurst * sizeof(MMsgHdr);
        TxIov = (IoVec*)p; p += TxBurst * sizeof(IoVec);
        TxNames = p; p += TxBurst * NameStride;
        PeerName = p;
        for (int i = 0; i < RxBurst; i++)
        {
            ref MsgHdr h = ref RxMessages[i].Header;
            h.Name = RxNames + i * NameStride;
            h.Iov = RxIov + i;
            h.IovLength = 1;
            h.Control = RxControl + i * ControlStride;
        }
        for (int i = 0; i < TxBurst; i++)
        {
            ref MsgHdr h = ref TxMessages[i].Header;
            h.Name = TxNames + i * NameStride;
            h.NameLength = NameLength;
            h.Iov = TxIov + i;
            h.IovLength = 1;
        }
        if (peer is not null)
            WriteName(peer, PeerName);
    }

    /// <summary>Open and bind the socket that <paramref name="spec"/> names (<c>udp:ADDRESS:PORT[,options]</c>).</summary>
    public static UdpSocket Open(PortSpec spec, BufferCache cache, ushort portId)
    {
        if (spec.Kind != "udp")
            throw new ArgumentException($"port '{spec}' is not a udp port", nameof(spec));
        string[] parts = spec.Arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
            throw new ArgumentException($"port '{spec}': expected udp:ADDRESS:PORT[,options], e.g. udp:127.0.0.1:5353 or udp:[::1]:5353");
        IPEndPoint local = ParseEndPoint(spec, parts[0], "the address to bind");
        int receiveBuffer = 0, sendBuffer = 0;
        bool reusePort = false;
        IPEndPoint? peer = null;
        string[] known = ["rcvbuf", "sndbuf", "peer", "reuseport"];
        foreach (string part in parts.AsSpan(1))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            switch (key)
            {
                case "rcvbuf":
                    receiveBuffer = ParseBytes(spec, key, value);
                    break;
                case "sndbuf":
                    sendBuffer = ParseBytes(spec, key, value);
                    break;
                case "reuseport":
                    reusePort = true;
                    break;
                case "peer":
                    peer = ParseEndPoint(spec, value, "peer=");
                    if (peer.AddressFamily != local.AddressFamily)
                        throw new ArgumentException($"port '{spec}': peer {value} is not of the bound address's family ({local.Address})");
                    if (peer.Port == 0)
                        throw new ArgumentException($"port '{spec}': peer {value} needs a port other than 0");
                    break;
                default:
                    throw new ArgumentException($"port '{spec}': unknown option '{key}'; udp ports take {string.Join(", ", known)}");
            }
        }

        bool ipv6 = local.AddressFamily == AddressFamily.InterNetworkV6;
        int fd = KernelSockets.socket(ipv6 ? KernelSockets.AF_INET6 : KernelSockets.AF_INET,
            KernelSockets.SOCK_DGRAM | KernelSockets.SOCK_NONBLOCK | KernelSockets.SOCK_CLOEXEC, KernelSockets.IPPROTO_UDP);
        if (fd < 0)
            throw new IOException($"port '{spec}': could not create a UDP socket: {KernelSockets.Describe(KernelSockets.Errno())}");
        var handle = new KernelSocketHandle(fd);
        try
        {
            // One address family per port: an IPv6 socket would otherwise also take IPv4 as mapped addresses.
            if (ipv6)
                Require(spec, handle, KernelSockets.IPPROTO_IPV6, KernelSockets.IPV6_V6ONLY, 1, "IPV6_V6ONLY");
            if (local.Address.Equals(ipv6 ? IPAddress.IPv6Any : IPAddress.Any))
            {
                // Bound to every address: ask for each datagram's destination, to write it into the frame.
                if (ipv6)
                    Require(spec, handle, KernelSockets.IPPROTO_IPV6, KernelSockets.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
                else
                    Require(spec, handle, KernelSockets.IPPROTO_IP, KernelSockets.IP_PKTINFO, 1, "IP_PKTINFO");
            }
            if (reusePort)
                Require(spec, handle, KernelSockets.SOL_SOCKET, KernelSockets.SO_REUSEPORT, 1, "SO_REUSEPORT");
            if (receiveBuffer > 0)
                SetBuffer(spec, handle, KernelSockets.SO_RCVBUFFORCE, KernelSockets.SO_RCVBUF, receiveBuffer);
            if (sendBuffer > 0)
                SetBuffer(spec, handle, KernelSockets.SO_SNDBUFFORCE, KernelSockets.SO_SNDBUF, sendBuffer);
            Bind(spec, handle, local);
            IPEndPoint bound = LocalName(handle, ipv6);
            return new UdpSocket(handle, bound, peer, cache, portId);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Return the kernel's receive buffer size in bytes (what <c>rcvbuf=</c> asked for, as granted).</summary>
    public int ReceiveBufferBytes => KernelSockets.GetInt(_handle, KernelSockets.SOL_SOCKET, KernelSockets.SO_RCVBUF);

    /// <summary>Set the kernel-drop counter from <c>SO_MEMINFO</c>: the datagrams the socket dropped because its receive buffer was full.</summary>
    public void ReadKernelStatistics()
    {
        // struct sk_meminfo: SK_MEMINFO_VARS (9) u32s, of which SK_MEMINFO_DROPS is the last (include/uapi/linux/sock_diag.h).
        uint* info = stackalloc uint[9];
        uint length = 9 * sizeof(uint);
        if (Volatile.Read(ref _disposed) != 0)
            return;
        if (KernelSockets.getsockopt(_handle, KernelSockets.SOL_SOCKET, KernelSockets.SO_MEMINFO, info, &length) != 0 || length < 9 * sizeof(uint))
            throw new IOException($"udp port on {LocalEndPoint}: SO_MEMINFO failed: {KernelSockets.Describe(KernelSockets.Errno())}");
        Counters.KernelDropped = info[8];
    }

    /// <summary>Return the handle, for calls that take one.</summary>
    public KernelSocketHandle Handle => _handle;

    /// <summary>Close the socket, free the arrays and give the posted buffers back to the pool.</summary>
    /// <remarks>To the pool, not the cache: the worker that owned the cache has stopped and flushed it, and may be on another thread.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _handle.Dispose();
        Cache.Pool.FreeBulk(Posted.AsSpan(0, PostedCount));
        PostedCount = 0;
        NativeMemory.AlignedFree(_native);
    }

    /// <summary>Write <paramref name="endPoint"/> as a sockaddr_in or sockaddr_in6 at <paramref name="name"/>.</summary>
    public static void WriteName(IPEndPoint endPoint, byte* name)
    {
        Span<byte> octets = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(octets, out int written);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var sin6 = (SockAddrIn6*)name;
            *sin6 = default;
            sin6->Family = KernelSockets.AF_INET6;
            sin6->Port = KernelSockets.NetworkOrder((ushort)endPoint.Port);
            octets[..16].CopyTo(new Span<byte>(sin6->Address, 16));
            sin6->ScopeId = (uint)endPoint.Address.ScopeId;
        }
        else
        {
            var sin = (SockAddrIn*)name;
            *sin = default;
            sin->Family = KernelSockets.AF_INET;
            sin->Port = KernelSockets.NetworkOrder((ushort)endPoint.Port);
            sin->Address = MemoryMarshal.Read<uint>(octets);
        }
    }

    private byte[] BuildTemplate(IPEndPoint local)
    {
        var t = new byte[HeaderLength];
        UdpPort.LocalMac.WriteTo(t);
        UdpPort.PeerMac.WriteTo(t.AsSpan(6));
        Span<byte> ip = t.AsSpan(14);
        Span<byte> octets = stackalloc byte[16];
        local.Address.TryWriteBytes(octets, out _);
        if (Ipv6)
        {
            t[12] = 0x86; t[13] = 0xDD;
            ip[0] = 0x60;
            ip[6] = KernelSockets.IPPROTO_UDP;
            ip[7] = 64; // hop limit
            octets.CopyTo(ip[24..40]);
        }
        else
        {
            t[12] = 0x08; t[13] = 0x00;
            ip[0] = 0x45;
            ip[6] = 0x40; // DF: a datagram that came whole is not to be fragmented again
            ip[8] = 64;   // TTL
            ip[9] = KernelSockets.IPPROTO_UDP;
            octets[..4].CopyTo(ip[16..20]);
        }
        Span<byte> udp = t.AsSpan(HeaderLength - 8);
        udp[2] = (byte)(local.Port >> 8);
        udp[3] = (byte)local.Port;
        return t;
    }

    private static (uint[], Ipv6Address[]) HostAddresses()
    {
        var v4 = new List<uint>();
        var v6 = new List<Ipv6Address>();
        Span<byte> octets = stackalloc byte[16];
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (UnicastIPAddressInformation a in nic.GetIPProperties().UnicastAddresses)
            {
                a.Address.TryWriteBytes(octets, out _);
                if (a.Address.AddressFamily == AddressFamily.InterNetwork)
                    v4.Add(MemoryMarshal.Read<uint>(octets));
                else if (a.Address.AddressFamily == AddressFamily.InterNetworkV6)
                    v6.Add(new Ipv6Address(octets));
            }
        }
        return ([.. v4], [.. v6]);
    }

    private static IPEndPoint ParseEndPoint(PortSpec spec, string text, string what)
    {
        // A port is required: "127.0.0.1" alone would parse as port 0, and a bare IPv6 address's last group would be taken for one.
        bool bracketed = text.StartsWith('[') && text.Contains("]:", StringComparison.Ordinal);
        bool ipv4WithPort = !text.StartsWith('[') && text.Count(c => c == ':') == 1;
        if ((!bracketed && !ipv4WithPort) || !IPEndPoint.TryParse(text, out IPEndPoint? endPoint))
            throw new ArgumentException($"port '{spec}': {what} '{text}' is not ADDRESS:PORT; write 127.0.0.1:5353, or [::1]:5353 for IPv6 (port 0 picks a free one)");
        return endPoint;
    }

    private static int ParseBytes(PortSpec spec, string key, string value)
    {
        if (!int.TryParse(value, out int bytes) || bytes <= 0)
            throw new ArgumentException($"port '{spec}': {key}={value} is not a positive number of bytes");
        return bytes;
    }

    private static void Require(PortSpec spec, KernelSocketHandle handle, int level, int name, int value, string what)
    {
        if (KernelSockets.SetInt(handle, level, name, value) != 0)
            throw new IOException($"port '{spec}': the kernel refused {what}: {KernelSockets.Describe(KernelSockets.Errno())}");
    }

    private static void SetBuffer(PortSpec spec, KernelSocketHandle handle, int force, int plain, int bytes)
    {
        // The FORCE variant passes net.core.rmem_max/wmem_max but needs CAP_NET_ADMIN; without it the
        // plain option applies, capped by those sysctls (ReceiveBufferBytes shows what was granted).
        if (KernelSockets.SetInt(handle, KernelSockets.SOL_SOCKET, force, bytes) == 0)
            return;
        if (KernelSockets.SetInt(handle, KernelSockets.SOL_SOCKET, plain, bytes) != 0)
            throw new IOException($"port '{spec}': the kernel refused a buffer of {bytes} bytes: {KernelSockets.Describe(KernelSockets.Errno())}");
    }

    private static void Bind(PortSpec spec, KernelSocketHandle handle, IPEndPoint local)
    {
        byte* name = stackalloc byte[NameStride];
        WriteName(local, name);
        uint length = local.AddressFamily == AddressFamily.InterNetworkV6 ? 28u : 16u;
        if (KernelSockets.bind(handle, name, length) == 0)
            return;
        int errno = KernelSockets.Errno();
        string text = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local.Address}]:{local.Port}" : $"{local.Address}:{local.Port}";
        throw new IOException(errno switch
        {
            KernelSockets.EADDRINUSE => $"port '{spec}': {text} is already in use (pick another port, or add reuseport to every socket that shares it)",
            KernelSockets.EACCES => $"port '{spec}': binding port {local.Port} needs root or CAP_NET_BIND_SERVICE (or pick a port of 1024 or more)",
            KernelSockets.EADDRNOTAVAIL => $"port '{spec}': {local.Address} is not an address of this host (see `ip addr`)",
            _ => $"port '{spec}': could not bind {text}: {KernelSockets.Describe(errno)}",
        }, errno);
    }

    private static IPEndPoint LocalName(KernelSocketHandle handle, bool ipv6)
    {
        byte* name = stackalloc byte[NameStride];
        uint length = NameStride;
        if (KernelSockets.getsockname(handle, name, &length) != 0)
            throw new IOException($"getsockname failed: {KernelSockets.Describe(KernelSockets.Errno())}");
        return ReadName(name, ipv6);
    }

    /// <summary>Read a sockaddr_in or sockaddr_in6 as an endpoint (cold paths only: it allocates).</summary>
    public static IPEndPoint ReadName(byte* name, bool ipv6)
    {
        if (ipv6)
        {
            var sin6 = (SockAddrIn6*)name;
            return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(sin6->Address, 16), sin6->ScopeId), KernelSockets.NetworkOrder(sin6->Port));
        }
        var sin = (SockAddrIn*)name;
        return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(&sin->Address, 4)), KernelSockets.NetworkOrder(sin->Port));
    }
}
