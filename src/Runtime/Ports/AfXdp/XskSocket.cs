using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>One AF_XDP socket bound to one queue: its UMEM (the buffer pool's slab), its four rings, and the burst operations over them.</summary>
/// <remarks>
/// <para>
/// The UMEM is the <see cref="BufferPool"/>'s own slab, registered as it is: slot <c>i</c> is UMEM
/// frame <c>i</c>, laid out as [64-byte <see cref="BufferDescriptor"/> | room]. The descriptor is the
/// frame's UMEM headroom, which the kernel never writes (it starts its <c>data_hard_start</c> after
/// it and puts the packet <c>XDP_PACKET_HEADROOM</c> further on), so a received frame is a
/// <see cref="PacketBuffer"/> as it lies, with no copy, and any pool buffer can be sent by
/// writing its frame address into the tx ring. The pool's slots are 2112 bytes by default (not a
/// power of two), so the UMEM is registered with unaligned chunks: ring addresses then carry the
/// frame's start in their low 48 bits and the packet's offset in the top 16 bits, and the
/// descriptor is found from the low bits alone. A pool with power-of-two slots uses aligned
/// chunks, where the descriptor is found by masking.
/// </para>
/// <para>
/// Ownership: a frame is the kernel's from the moment its address goes on the fill or tx ring until
/// it comes back on the rx or completion ring; <c>_withKernel</c> marks those frames, so that closing
/// the socket returns exactly them to the pool. Received frames belong to the caller (the worker
/// frees them into its cache, which feeds the pool, from which this socket refills the fill ring);
/// transmitted ones come back through the completion ring into <c>_cache</c>.
/// </para>
/// <para>
/// Several sockets (queues, interfaces) may register the same pool: each registration pins the same
/// pages and keeps its own fill and completion rings, which is what <c>XDP_SHARED_UMEM</c> would
/// give, without tying the sockets' lifetimes together.
/// </para>
/// </remarks>
internal sealed unsafe class XskSocket : IDisposable
{
    /// <summary>The UMEM frame headroom: the descriptor, which the kernel must not write.</summary>
    public const int Headroom = 64;

    // Unaligned-chunk addresses: frame start in the low 48 bits, packet offset in the top 16 (XSK_UNALIGNED_BUF_OFFSET_SHIFT).
    private const int OffsetShift = 48;
    private const ulong AddressMask = (1UL << OffsetShift) - 1;
    private const byte Free = 0;
    private const byte OnFillOrRx = 1;
    private const byte OnTxOrCompletion = 2;

    private readonly string _port;
    private readonly FileDescriptorHandle _fd;
    private readonly RingMappingHandle[] _mappings;
    private readonly BufferPool _pool;
    private readonly BufferCache _cache;
    private readonly byte* _umem;
    private readonly ulong _umemBytes;
    private readonly bool _aligned;
    private readonly ulong _frameMask;
    private readonly ulong _reciprocal;
    private readonly byte[] _withKernel;
    private readonly ushort _portId;
    private readonly ushort _queue;
    private readonly int _target;
    private XskRing _rx;
    private XskRing _tx;
    private XskRing _fill;
    private XskRing _completion;
    private int _posted;
    private int _inFlight;
    private bool _disposed;

    private XskSocket(string port, FileDescriptorHandle fd, BufferCache cache, ushort portId, int queue, int target, bool zeroCopy)
    {
        _port = port;
        _fd = fd;
        _mappings = new RingMappingHandle[4];
        _pool = cache.Pool;
        _cache = cache;
        _umem = _pool.Slab;
        _umemBytes = _pool.SlabBytes;
        int slot = _pool.SlotSize;
        _aligned = (slot & (slot - 1)) == 0;
        _frameMask = ~((ulong)slot - 1);
        // ceil(2^64 / slot): the high half of frame × this is frame / slot for every frame below 2^32 (Lemire et al., "Faster remainder by direct computation").
        _reciprocal = ulong.MaxValue / (ulong)slot + 1;
        _withKernel = new byte[_pool.Count];
        _portId = portId;
        _queue = (ushort)queue;
        _target = target;
        ZeroCopy = zeroCopy;
    }

    /// <summary>Return whether the socket is bound in zero-copy mode (else the kernel copies into the frames).</summary>
    public bool ZeroCopy { get; }

    /// <summary>Return the port's counters.</summary>
    public AfXdpPortCounters Counters { get; } = new();

    /// <summary>Return the socket's file descriptor.</summary>
    public int Fd => _fd.Fd;

    /// <summary>Return how many frames are the kernel's now (on the fill ring or being received into, or sent and not completed).</summary>
    public int FramesWithKernel => _posted + _inFlight;

    /// <summary>Create, register <paramref name="cache"/>'s pool as the UMEM, map the rings, bind to the queue and post the fill ring.</summary>
    /// <exception cref="AfXdpException">A step failed; the message names it and says what to do.</exception>
    public static XskSocket Create(string port, AfXdpOptions options, int interfaceIndex, BufferCache cache, ushort portId, int frames, bool zeroCopy)
    {
        int fd = XdpLibc.Socket(XdpLibc.AF_XDP, XdpLibc.SOCK_RAW, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is XdpLibc.EPERM or XdpLibc.EACCES)
                throw AfXdpPort.NotPrivileged(port);
            if (errno == XdpLibc.EAFNOSUPPORT)
                throw new AfXdpException(AfXdpFailure.SocketFailed, $"port '{port}': this kernel has no AF_XDP sockets (CONFIG_XDP_SOCKETS is off): use an af_packet port, or a kernel built with it");
            throw new AfXdpException(AfXdpFailure.SocketFailed, $"port '{port}': socket(AF_XDP) failed: {XdpLibc.Describe(errno)}");
        }
        var socket = new XskSocket(port, new FileDescriptorHandle(fd), cache, portId, options.Queue, frames, zeroCopy);
        try
        {
            socket.Setup(options, interfaceIndex, frames, zeroCopy);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Setup(AfXdpOptions options, int interfaceIndex, int frames, bool zeroCopy)
    {
        int slot = _pool.SlotSize;
        var umem = new XdpLibc.UmemReg
        {
            Address = (ulong)_umem,
            Length = _umemBytes,
            ChunkSize = (uint)slot,
            Headroom = Headroom,
            Flags = _aligned ? 0 : XdpLibc.XDP_UMEM_UNALIGNED_CHUNK_FLAG,
        };
        if (XdpLibc.SetSockOpt(Fd, XdpLibc.SOL_XDP, XdpLibc.XDP_UMEM_REG, &umem, (uint)sizeof(XdpLibc.UmemReg)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string hint = errno switch
            {
                XdpLibc.ENOMEM or XdpLibc.EPERM => $"the kernel would not pin {_umemBytes >> 20} MiB: raise the locked-memory limit (ulimit -l unlimited) or run as root",
                XdpLibc.EINVAL when !_aligned => "this kernel may lack unaligned chunks (Linux 5.4+): make the pool with a room of 1984 or 4032 bytes, so its slots are 2048 or 4096",
                _ => "the pool's slab must be page-aligned with slots of 2048 to 4096 bytes",
            };
            throw new AfXdpException(AfXdpFailure.SocketFailed, $"port '{_port}': registering the buffer pool as UMEM ({_pool.Count} frames of {slot} bytes) failed: {XdpLibc.Describe(errno)}; {hint}");
        }

        uint fillSize = (uint)Math.Max(options.RingSize, (int)BitOperations.RoundUpToPowerOf2((uint)frames));
        SetRingSize(XdpLibc.XDP_UMEM_FILL_RING, fillSize, "fill");
        SetRingSize(XdpLibc.XDP_UMEM_COMPLETION_RING, (uint)options.RingSize, "completion");
        SetRingSize(XdpLibc.XDP_RX_RING, (uint)options.RingSize, "rx");
        SetRingSize(XdpLibc.XDP_TX_RING, (uint)options.RingSize, "tx");

        XdpLibc.MmapOffsets offsets;
        uint length = (uint)sizeof(XdpLibc.MmapOffsets);
        if (XdpLibc.GetSockOpt(Fd, XdpLibc.SOL_XDP, XdpLibc.XDP_MMAP_OFFSETS, &offsets, &length) != 0)
            throw Failed("reading the ring offsets (XDP_MMAP_OFFSETS)");
        _rx = Map(0, offsets.Rx, (uint)options.RingSize, (uint)sizeof(XdpLibc.XdpDesc), XdpLibc.XDP_PGOFF_RX_RING, "rx");
        _tx = Map(1, offsets.Tx, (uint)options.RingSize, (uint)sizeof(XdpLibc.XdpDesc), XdpLibc.XDP_PGOFF_TX_RING, "tx");
        _fill = Map(2, offsets.Fill, fillSize, sizeof(ulong), XdpLibc.XDP_UMEM_PGOFF_FILL_RING, "fill");
        _completion = Map(3, offsets.Completion, (uint)options.RingSize, sizeof(ulong), XdpLibc.XDP_UMEM_PGOFF_COMPLETION_RING, "completion");

        var address = new XdpLibc.SockaddrXdp
        {
            Family = XdpLibc.AF_XDP,
            Flags = (ushort)((zeroCopy ? XdpLibc.XDP_ZEROCOPY : XdpLibc.XDP_COPY) | XdpLibc.XDP_USE_NEED_WAKEUP),
            InterfaceIndex = (uint)interfaceIndex,
            QueueId = (uint)options.Queue,
        };
        if (XdpLibc.Bind(Fd, &address, (uint)sizeof(XdpLibc.SockaddrXdp)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string hint = errno switch
            {
                XdpLibc.EBUSY => $"another AF_XDP socket is bound to {options.Interface} queue {options.Queue}: one socket per queue",
                XdpLibc.EINVAL => $"queue {options.Queue} may not exist on {options.Interface} (a veth pair has as many as it was made with: scripts/veth.sh up NAME 2)",
                XdpLibc.ENETDOWN => $"{options.Interface} is down: ip link set dev {options.Interface} up",
                _ => "",
            };
            throw new AfXdpBindException(errno, $"port '{_port}': binding to {options.Interface} queue {options.Queue} in {(zeroCopy ? "zero-copy" : "copy")} mode failed: {XdpLibc.Describe(errno)}{(hint.Length > 0 ? "; " + hint : "")}");
        }
        Refill();
    }

    private void SetRingSize(int option, uint entries, string ring)
    {
        if (XdpLibc.SetSockOpt(Fd, XdpLibc.SOL_XDP, option, &entries, sizeof(uint)) != 0)
            throw Failed($"sizing the {ring} ring to {entries} entries");
    }

    private XskRing Map(int slot, XdpLibc.RingOffset offset, uint entries, uint entrySize, long pageOffset, string ring)
    {
        nuint length = (nuint)(offset.Descriptors + entries * (ulong)entrySize);
        void* mapping = XdpLibc.Mmap(null, length, XdpLibc.PROT_READ | XdpLibc.PROT_WRITE, XdpLibc.MAP_SHARED | XdpLibc.MAP_POPULATE, Fd, pageOffset);
        if (mapping == (void*)-1)
            throw Failed($"mapping the {ring} ring");
        _mappings[slot] = new RingMappingHandle(mapping, length);
        byte* b = (byte*)mapping;
        return new XskRing
        {
            Producer = (uint*)(b + offset.Producer),
            Consumer = (uint*)(b + offset.Consumer),
            Flags = (uint*)(b + offset.Flags),
            Entries = b + offset.Descriptors,
            Mask = entries - 1,
            Size = entries,
            // The kernel starts both indexes at zero; ours may as well read them once.
            CachedProducer = Volatile.Read(ref *(uint*)(b + offset.Producer)),
            CachedConsumer = Volatile.Read(ref *(uint*)(b + offset.Consumer)),
        };
    }

    private AfXdpException Failed(string step) =>
        new(AfXdpFailure.SocketFailed, $"port '{_port}': {step} failed: {XdpLibc.Describe(Marshal.GetLastPInvokeError())}");

    /// <summary>Take up to <paramref name="buffers"/>.Length received frames as packet buffers, then top the fill ring up.</summary>
    public int Receive(Span<PacketBuffer> buffers)
    {
        uint n = _rx.Available((uint)buffers.Length);
        if (n != 0)
        {
            byte* umem = _umem;
            uint index = _rx.CachedConsumer;
            for (uint i = 0; i < n; i++)
            {
                XdpLibc.XdpDesc* desc = _rx.Descriptor(index + i);
                ulong address = desc->Address;
                ulong frame = FrameOf(address);
                var d = (BufferDescriptor*)(umem + frame);
                // Where the kernel put the packet: frame start + offset (both in the address, either mode).
                ulong start = (address & AddressMask) + (address >> OffsetShift);
                d->DataOffset = (ushort)(start - frame - Headroom);
                d->Length = (ushort)desc->Length;
                d->Port = _portId;
                d->Queue = _queue;
                d->RssHash = 0;
                d->Timestamp = 0;
                _withKernel[FrameIndex(frame)] = Free;
                buffers[(int)i] = new PacketBuffer(d);
            }
            _rx.Release(n);
            _posted -= (int)n;
            Counters.RxPackets += n;
        }
        // Refill in bursts, so that one ring update (and at most one wakeup) covers many frames.
        if (_target - _posted >= Burst.MaxSize)
            Refill();
        return (int)n;
    }

    /// <summary>Put up to <paramref name="buffers"/>.Length packets on the tx ring (without copying) and kick the kernel if it asks; return how many, from the front.</summary>
    public int Transmit(ReadOnlySpan<PacketBuffer> buffers)
    {
        if (_inFlight > 0)
            Reclaim();
        uint n = _tx.Free((uint)buffers.Length);
        byte* umem = _umem;
        ulong umemBytes = _umemBytes;
        uint index = _tx.CachedProducer;
        uint i = 0;
        for (; i < n; i++)
        {
            BufferDescriptor* d = buffers[(int)i].Descriptor;
            ulong frame = (ulong)((byte*)d - umem);
            // A buffer of another pool is not in this UMEM: the kernel could not reach it.
            if (frame >= umemBytes)
                break;
            ulong offset = Headroom + (ulong)d->DataOffset;
            XdpLibc.XdpDesc* desc = _tx.Descriptor(index + i);
            desc->Address = _aligned ? frame + offset : frame | (offset << OffsetShift);
            desc->Length = d->Length;
            desc->Options = 0;
            _withKernel[FrameIndex(frame)] = OnTxOrCompletion;
        }
        if (i > 0)
        {
            _tx.Submit(i);
            _inFlight += (int)i;
            Counters.TxPackets += i;
            Kick();
        }
        if (i < (uint)buffers.Length)
            Counters.TxRefused += buffers.Length - (int)i;
        return (int)i;
    }

    /// <summary>Take back sent frames and kick the kernel if frames still wait on the tx ring.</summary>
    public void Flush()
    {
        if (_inFlight > 0)
            Reclaim();
        if (_tx.HasUnconsumed)
            Kick();
    }

    /// <summary>Return whether frames wait on the rx ring, after blocking in poll() for up to <paramref name="timeoutMilliseconds"/> if none do.</summary>
    public bool Wait(int timeoutMilliseconds)
    {
        if (_rx.Available(1) != 0)
            return true;
        var poll = new XdpLibc.PollFd { Fd = Fd, Events = XdpLibc.POLLIN };
        return XdpLibc.Poll(&poll, 1, timeoutMilliseconds) > 0 && (poll.ReturnedEvents & XdpLibc.POLLIN) != 0;
    }

    /// <summary>Read the kernel's counters for this socket (<c>XDP_STATISTICS</c>).</summary>
    public AfXdpSocketStatistics ReadStatistics()
    {
        AfXdpSocketStatistics stats = default;
        uint length = (uint)sizeof(AfXdpSocketStatistics);
        if (XdpLibc.GetSockOpt(Fd, XdpLibc.SOL_XDP, XdpLibc.XDP_STATISTICS, &stats, &length) != 0)
            throw Failed("reading XDP_STATISTICS");
        return stats;
    }

    /// <summary>Return whether the kernel reports the bind as zero-copy (<c>XDP_OPTIONS</c>).</summary>
    public bool ReadZeroCopy()
    {
        uint flags = 0;
        uint length = sizeof(uint);
        return XdpLibc.GetSockOpt(Fd, XdpLibc.SOL_XDP, XdpLibc.XDP_OPTIONS, &flags, &length) == 0 && (flags & XdpLibc.XDP_OPTIONS_ZEROCOPY) != 0;
    }

    /// <summary>Close the socket, unmap the rings and give every frame the kernel held back to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Once the socket is closed the kernel lets go of its frames (and drops it from the XSKMAP).
        _fd.Dispose();
        foreach (RingMappingHandle? mapping in _mappings)
            mapping?.Dispose();
        var held = new List<PacketBuffer>();
        int slot = _pool.SlotSize;
        for (int i = 0; i < _withKernel.Length; i++)
        {
            if (_withKernel[i] != Free)
            {
                held.Add(new PacketBuffer((BufferDescriptor*)(_umem + (ulong)i * (ulong)slot)));
                _withKernel[i] = Free;
            }
        }
        if (held.Count > 0)
            _pool.FreeBulk(CollectionsMarshal.AsSpan(held));
        _posted = 0;
        _inFlight = 0;
    }

    private void Refill()
    {
        uint want = _fill.Free((uint)(_target - _posted));
        if (want == 0)
            return;
        Unsafe.SkipInit(out Burst burst);
        Span<PacketBuffer> buffers = burst;
        byte* umem = _umem;
        uint index = _fill.CachedProducer;
        uint posted = 0;
        while (posted < want)
        {
            int chunk = (int)Math.Min(want - posted, (uint)Burst.MaxSize);
            int got = _cache.AllocBurst(buffers[..chunk]);
            for (int i = 0; i < got; i++)
            {
                ulong frame = (ulong)((byte*)buffers[i].Descriptor - umem);
                *_fill.Address(index + posted + (uint)i) = frame;
                _withKernel[FrameIndex(frame)] = OnFillOrRx;
            }
            posted += (uint)got;
            if (got < chunk)
            {
                // The pool ran dry (the application holds the buffers): post what there is, try again next burst.
                Counters.FillShortfall++;
                break;
            }
        }
        if (posted == 0)
            return;
        _fill.Submit(posted);
        _posted += (int)posted;
        // Zero-copy drivers may sleep on an empty fill ring and ask to be woken; copy mode never asks.
        if (_fill.NeedsWakeup)
        {
            XdpLibc.RecvFrom(Fd, null, 0, XdpLibc.MSG_DONTWAIT, null, null);
            Counters.FillWakeups++;
        }
    }

    private void Reclaim()
    {
        uint n = _completion.Available(uint.MaxValue);
        if (n == 0)
            return;
        byte* umem = _umem;
        uint index = _completion.CachedConsumer;
        for (uint i = 0; i < n; i++)
        {
            ulong frame = FrameOf(*_completion.Address(index + i));
            _withKernel[FrameIndex(frame)] = Free;
            _cache.Free(new PacketBuffer((BufferDescriptor*)(umem + frame)));
        }
        _completion.Release(n);
        _inFlight -= (int)n;
        Counters.TxCompleted += n;
    }

    // Copy mode sends only inside sendto(), so the kernel always asks; zero-copy drivers ask only when idle.
    private void Kick()
    {
        if (!_tx.NeedsWakeup)
            return;
        Counters.TxKicks++;
        if (XdpLibc.SendTo(Fd, null, 0, XdpLibc.MSG_DONTWAIT, null, 0) >= 0)
            return;
        // Busy or out of skbs: the frames stay on the ring for the next kick.
        int errno = Marshal.GetLastPInvokeError();
        if (errno is XdpLibc.EAGAIN or XdpLibc.EBUSY or XdpLibc.ENOBUFS or XdpLibc.EINTR)
            Counters.TxKicksBusy++;
        else
            Counters.TxKickErrors++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong FrameOf(ulong address) => _aligned ? address & _frameMask : address & AddressMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FrameIndex(ulong frame) => (int)Math.BigMul(frame, _reciprocal, out _);
}
