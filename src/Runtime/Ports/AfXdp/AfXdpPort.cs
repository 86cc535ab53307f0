using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>An AF_XDP port: one XSK socket on one queue of an interface, its UMEM the buffer pool's own slab, fed by an XDP program that redirects only the claimed traffic and passes the rest to the kernel.</summary>
/// <remarks>
/// <para>
/// Named <c>af_xdp:IFNAME[,queue=N][,mode=native|generic][,bind=zerocopy|copy][,claim=udp:53][,ring=N][,frames=N][,prog=FILE][,pin[=DIR]]</c>.
/// Native XDP is tried first and generic taken when the driver refuses; a zero-copy bind is tried
/// first and copy taken when the driver refuses (veth always does); each fallback is said in one
/// log line. <c>claim</c> defaults to <c>all</c> (an L2 forwarder wants every frame); a DNS
/// server names <c>claim=udp:53</c> and leaves ARP, ICMP and the rest to the kernel.
/// </para>
/// <para>
/// Open it in the network namespace of the interface (under <c>ip netns exec</c>, or from a thread
/// that entered it with setns); once open, it may be polled and closed from any thread, one at a
/// time. Buffers: received frames are pool buffers with no copy (see <see cref="XskSocket"/>); the
/// fill ring is refilled from the cache given at open, which must be of the same pool as the
/// worker's cache, and packets to send must be buffers of that pool. At most one syscall per burst:
/// a <c>sendto</c> kick on transmit, and on receive only when a zero-copy driver asks for one.
/// </para>
/// </remarks>
public struct AfXdpPort : IPort, IWaitablePort, IDisposable
{
    private readonly XskSocket _socket;
    private readonly XdpProgram _program;

    private AfXdpPort(XskSocket socket, XdpProgram program, AfXdpOptions options, string name)
    {
        _socket = socket;
        _program = program;
        Options = options;
        Name = name;
    }

    /// <summary>Return the options the port was opened with.</summary>
    public readonly AfXdpOptions Options { get; }

    /// <summary>Return the port's name as given (<c>af_xdp:veth0,queue=1</c>).</summary>
    public readonly string Name { get; }

    /// <summary>Return where the XDP program runs, after any fallback.</summary>
    public readonly XdpMode Mode => _program.Mode;

    /// <summary>Return whether the socket is bound zero-copy.</summary>
    public readonly bool ZeroCopy => _socket.ZeroCopy;

    /// <summary>Return the port's counters.</summary>
    public readonly AfXdpPortCounters Counters => _socket.Counters;

    /// <summary>Return how many pool buffers the kernel holds now for this port (posted for receive, or sent and not yet completed).</summary>
    public readonly int FramesWithKernel => _socket.FramesWithKernel;

    /// <summary>Return the socket's file descriptor (for poll loops of one's own).</summary>
    public readonly int FileDescriptor => _socket.Fd;

    /// <inheritdoc/>
    public readonly bool IsExhausted => false;

    /// <summary>Open <paramref name="spec"/> (<c>af_xdp:IFNAME,…</c>) with receive buffers from <paramref name="cache"/>, logging fallbacks to <paramref name="log"/> (standard error when null).</summary>
    /// <param name="spec">The port.</param>
    /// <param name="cache">The cache the fill ring is refilled from; its pool becomes the UMEM.</param>
    /// <param name="portId">The port id stamped on received buffers.</param>
    /// <param name="log">Where the fallback and summary lines go.</param>
    /// <param name="queueOffset">Added to the spec's queue: worker <c>i</c> of a multi-core engine opens queue + i.</param>
    /// <exception cref="ArgumentException">The arguments are malformed; the message says what is accepted.</exception>
    /// <exception cref="AfXdpException">The port cannot open here (not root, no such interface, program refused, …); the message says what to do.</exception>
    public static AfXdpPort Open(PortSpec spec, BufferCache cache, ushort portId = 0, TextWriter? log = null, int queueOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cache);
        if (spec.Kind != "af_xdp")
            throw new ArgumentException($"port '{spec}' is not an af_xdp port", nameof(spec));
        log ??= Console.Error;
        AfXdpOptions options = AfXdpOptions.Parse(spec);
        if (queueOffset != 0)
            options = options with { Queue = options.Queue + queueOffset };
        string port = spec.ToString();
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException($"port '{port}': AF_XDP is Linux only");
        int frames = CheckPool(port, options, cache.Pool);
        CheckPrivileges(port);
        int interfaceIndex = (int)XdpLibc.IfNameToIndex(options.Interface);
        if (interfaceIndex == 0)
        {
            throw new AfXdpException(AfXdpFailure.InterfaceMissing,
                $"port '{port}': no interface '{options.Interface}' in this network namespace: 'ip link' lists them; if it lives in another namespace, run inside it ('ip netns exec NS …'), and scripts/veth.sh up NAME makes a test pair");
        }

        XdpProgram program = XdpProgram.Acquire(port, options, interfaceIndex, log);
        XskSocket? socket = null;
        try
        {
            socket = Bind(port, options, interfaceIndex, cache, portId, frames, log);
            program.AddSocket(port, options.Queue, socket.Fd);
            log.WriteLine($"{port}: queue {options.Queue}, {program.Mode.ToString().ToLowerInvariant()} XDP, {(socket.ZeroCopy ? "zero-copy" : "copy")} bind, claim={options.Claim}{(options.Claim.ClaimsAll ? " (nothing reaches the kernel)" : " (the rest goes to the kernel)")}, {frames} frames of {cache.Pool.SlotSize} bytes on the fill ring");
            var result = new AfXdpPort(socket, program, options, port);
            socket = null;
            return result;
        }
        catch
        {
            socket?.Dispose();
            program.Release();
            throw;
        }
    }

    /// <inheritdoc/>
    public readonly int ReceiveBurst(Span<PacketBuffer> buffers) => _socket.Receive(buffers);

    /// <inheritdoc/>
    public readonly int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers) => _socket.Transmit(buffers);

    /// <inheritdoc/>
    public readonly void Flush() => _socket.Flush();

    /// <inheritdoc/>
    public readonly bool WaitForPackets(int timeoutMilliseconds) => _socket.Wait(timeoutMilliseconds);

    /// <summary>Read the kernel's counters for this socket: frames it redirected here but dropped (rx ring full, no fill buffer), invalid descriptors.</summary>
    public readonly AfXdpSocketStatistics ReadSocketStatistics() => _socket.ReadStatistics();

    /// <summary>Return what the XDP program did on this interface, over all its queues: frames passed to the kernel, redirected to a socket, claimed but passed for want of a socket on their queue.</summary>
    public readonly (long Passed, long Redirected, long Unbound) ReadProgramStatistics() => _program.ReadStatistics();

    /// <summary>Close the socket (returning every frame the kernel held to the pool) and, with the last port on the interface, detach the XDP program.</summary>
    public readonly void Dispose()
    {
        if (_socket is null)
            return;
        _program.RemoveSocket(Options.Queue);
        _socket.Dispose();
        _program.Release();
    }

    internal static AfXdpException NotPrivileged(string port) =>
        new(AfXdpFailure.NotPrivileged, $"port '{port}': AF_XDP needs root (CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF or CAP_SYS_ADMIN): run it with sudo, or use a udp: port, which needs no privilege");

    private static XskSocket Bind(string port, AfXdpOptions options, int interfaceIndex, BufferCache cache, ushort portId, int frames, TextWriter log)
    {
        try
        {
            return Create(port, options, interfaceIndex, cache, portId, frames, options.ZeroCopy);
        }
        catch (AfXdpBindException e) when (options.ZeroCopy && e.Errno is XdpLibc.EOPNOTSUPP or XdpLibc.EINVAL)
        {
            log.WriteLine($"{port}: zero-copy bind refused on {options.Interface} queue {options.Queue} ({XdpLibc.Describe(e.Errno)}: the driver has no AF_XDP zero-copy, as veth has not); binding in copy mode");
        }
        catch (AfXdpBindException e)
        {
            throw new AfXdpException(AfXdpFailure.SocketFailed, e.Message);
        }
        try
        {
            return Create(port, options, interfaceIndex, cache, portId, frames, zeroCopy: false);
        }
        catch (AfXdpBindException e)
        {
            throw new AfXdpException(AfXdpFailure.SocketFailed, e.Message);
        }
    }

    // A socket just closed on the same queue lets go of it from a kernel work item (xp_release_deferred),
    // so a bind right after can find the queue busy for a moment: try again for up to three seconds (half
    // a second was not enough on a loaded two-core CI machine, right after another process's socket closed).
    private static XskSocket Create(string port, AfXdpOptions options, int interfaceIndex, BufferCache cache, ushort portId, int frames, bool zeroCopy)
    {
        long deadline = Environment.TickCount64 + 3000;
        while (true)
        {
            try
            {
                return XskSocket.Create(port, options, interfaceIndex, cache, portId, frames, zeroCopy);
            }
            catch (AfXdpBindException e) when (e.Errno == XdpLibc.EBUSY && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    // The pool is the UMEM: its slots are the frames, and it must hold the fill ring's frames with room to spare.
    private static int CheckPool(string port, AfXdpOptions options, BufferPool pool)
    {
        int slot = pool.SlotSize;
        if (slot is < 2048 or > 4096)
        {
            throw new AfXdpException(AfXdpFailure.PoolUnsuitable,
                $"port '{port}': the buffer pool's slots are {slot} bytes, and AF_XDP frames must be 2048 to 4096 bytes (a page): make the pool with a room of 1984 to 4032 bytes (the default, 2048, fits)");
        }
        if ((ulong)pool.SlabBytes >= 1UL << 32)
            throw new AfXdpException(AfXdpFailure.PoolUnsuitable, $"port '{port}': the buffer pool is {pool.SlabBytes >> 20} MiB; an af_xdp port takes pools below 4 GiB");
        // Leave the rest of the pool to the worker: packets in flight, tx batches, caches.
        int frames = options.Frames > 0 ? options.Frames : Math.Min(options.RingSize, pool.Count / 2);
        if (frames > pool.Count - 2 * BufferCache.BulkSize)
        {
            throw new AfXdpException(AfXdpFailure.PoolUnsuitable,
                $"port '{port}': frames={frames} would leave the worker almost none of the pool's {pool.Count} buffers: ask for fewer frames or make a bigger pool");
        }
        return frames;
    }

    private static unsafe void CheckPrivileges(string port)
    {
        const int NetAdmin = 12, NetRaw = 13, SysAdmin = 21, Bpf = 39;
        var header = new XdpLibc.CapHeader { Version = 0x20080522, Pid = 0 };
        XdpLibc.CapData* data = stackalloc XdpLibc.CapData[2];
        if (XdpLibc.CapGet(&header, data) != 0)
            return; // cannot tell: let the kernel's EPERM speak later
        ulong effective = data[0].Effective | ((ulong)data[1].Effective << 32);
        bool Has(int capability) => (effective & (1UL << capability)) != 0;
        if (!Has(NetAdmin) || !Has(NetRaw) || !(Has(Bpf) || Has(SysAdmin)))
            throw NotPrivileged(port);
    }
}
