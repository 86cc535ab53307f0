using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>A fixed set of packet buffers in one native slab, handed out in bulk to per-core <see cref="BufferCache"/>s.</summary>
/// <remarks>
/// The shared free stack takes a lock, but only for bulk moves of a cache's worth of buffers, so a
/// worker touches it about once per <see cref="BufferCache.BulkSize"/> packets and never per packet
/// (the shape of DPDK's mempool with per-lcore caches). A port whose buffers live in its own memory
/// (DPDK's mbufs) derives from this class and overrides the bulk operations, so that caches, workers
/// and the control plane free those buffers back where they came from: one virtual call per bulk.
/// </remarks>
public unsafe class BufferPool : IDisposable
{
    /// <summary>The default data room: an Ethernet frame of MTU 1500 fits with headroom to spare.</summary>
    public const int DefaultRoom = 2048;

    /// <summary>The default headroom: enough to push an outer Ethernet + IPv6 + UDP + VXLAN header.</summary>
    public const int DefaultHeadroom = 128;

    private readonly byte* _slab;
    private readonly nuint _slabBytes;
    private readonly PacketBuffer[] _free;
    private int _freeCount;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Allocate <paramref name="count"/> buffers of <paramref name="room"/> bytes each, with <paramref name="headroom"/> reserved at the front.</summary>
    public BufferPool(int count, int room = DefaultRoom, int headroom = DefaultHeadroom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(room, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(headroom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(headroom, room);
        Count = count;
        Room = room;
        // Each slot: a 64-byte descriptor, then the room, rounded up to a cache line.
        int slot = (sizeof(BufferDescriptor) + room + 63) & ~63;
        SlotSize = slot;
        // Whole pages, page-aligned: the af_xdp port registers the slab as its UMEM, which the kernel
        // accepts only from a page boundary (xdp_umem_reg), so packets go to and from it uncopied.
        nuint page = (nuint)Environment.SystemPageSize;
        _slabBytes = ((nuint)slot * (nuint)count + page - 1) & ~(page - 1);
        _slab = (byte*)NativeMemory.AlignedAlloc(_slabBytes, page);
        _free = new PacketBuffer[count];
        for (int i = 0; i < count; i++)
        {
            var d = (BufferDescriptor*)(_slab + (nuint)slot * (nuint)i);
            *d = default;
            d->Room = (byte*)d + sizeof(BufferDescriptor);
            d->Capacity = (ushort)room;
            d->DefaultHeadroom = (ushort)headroom;
            d->DataOffset = (ushort)headroom;
            _free[i] = new PacketBuffer(d);
        }
        _freeCount = count;
    }

    /// <summary>Set up a pool whose buffers live elsewhere: the derived class overrides every bulk operation, <see cref="Available"/> and <see cref="Owns"/>.</summary>
    protected BufferPool(int count, int room)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        Room = room;
        _free = [];
    }

    /// <summary>Return the number of buffers in the pool.</summary>
    public int Count { get; }

    /// <summary>Return the room of each buffer.</summary>
    public int Room { get; }

    /// <summary>Return the bytes from one slot to the next: the descriptor, the room, and padding to a cache line.</summary>
    internal int SlotSize { get; }

    /// <summary>Return the first slot; slot <c>i</c> starts <c>i × SlotSize</c> bytes after it, its descriptor first.</summary>
    internal byte* Slab => _slab;

    /// <summary>Return the length of the slab in bytes, whole pages.</summary>
    internal nuint SlabBytes => _slabBytes;

    /// <summary>Return how many buffers sit on the shared free stack (not in caches or in use).</summary>
    public virtual int Available
    {
        get
        {
            lock (_lock)
                return _freeCount;
        }
    }

    /// <summary>Return whether <paramref name="buffer"/> is one of this pool's buffers.</summary>
    public virtual bool Owns(PacketBuffer buffer) =>
        (byte*)buffer.Descriptor >= _slab && (byte*)buffer.Descriptor < _slab + _slabBytes;

    /// <summary>Take exactly <paramref name="into"/>.Length buffers, reset, or none (bulk: all or nothing).</summary>
    public virtual bool TryAllocBulk(Span<PacketBuffer> into)
    {
        lock (_lock)
        {
            if (_freeCount < into.Length)
                return false;
            _freeCount -= into.Length;
            _free.AsSpan(_freeCount, into.Length).CopyTo(into);
        }
        foreach (PacketBuffer b in into)
            b.Reset();
        return true;
    }

    /// <summary>Return buffers to the shared stack.</summary>
    public virtual void FreeBulk(ReadOnlySpan<PacketBuffer> buffers)
    {
        lock (_lock)
        {
            if (_freeCount + buffers.Length > _free.Length)
                throw new InvalidOperationException("More buffers freed than the pool holds: a buffer was freed twice.");
            buffers.CopyTo(_free.AsSpan(_freeCount));
            _freeCount += buffers.Length;
        }
    }

    /// <summary>Create a cache for one worker; it must only be used from that worker's thread.</summary>
    public BufferCache CreateCache(int size = BufferCache.DefaultSize) => new(this, size);

    /// <summary>Free the slab; every buffer must be back or out of use.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Free the buffers' memory; a derived pool releases its own and calls this.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_slab != null)
            NativeMemory.AlignedFree(_slab);
    }
}
