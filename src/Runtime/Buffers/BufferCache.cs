namespace Fastpath;

/// <summary>A worker's private stack of free buffers: allocation and free touch only this object, and refill or spill the pool in bulk.</summary>
public sealed class BufferCache
{
    /// <summary>The default number of buffers a cache holds (DPDK's default mempool cache is 256 to 512).</summary>
    public const int DefaultSize = 256;

    /// <summary>How many buffers move between cache and pool at once.</summary>
    public const int BulkSize = 32;

    private readonly BufferPool _pool;
    private readonly PacketBuffer[] _stack;
    private int _count;

    internal BufferCache(BufferPool pool, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, BulkSize * 2);
        _pool = pool;
        _stack = new PacketBuffer[size];
    }

    /// <summary>Return the pool behind this cache.</summary>
    public BufferPool Pool => _pool;

    /// <summary>Return how many buffers the cache holds now.</summary>
    public int Count => _count;

    /// <summary>Take one reset buffer; false when the pool is exhausted (the caller counts a drop).</summary>
    public bool TryAlloc(out PacketBuffer buffer)
    {
        if (_count == 0 && !Refill())
        {
            buffer = default;
            return false;
        }
        buffer = _stack[--_count];
        buffer.Reset();
        return true;
    }

    /// <summary>Fill <paramref name="into"/> with up to its length of reset buffers; return how many.</summary>
    public int AllocBurst(Span<PacketBuffer> into)
    {
        int n = 0;
        while (n < into.Length && TryAlloc(out into[n]))
            n++;
        return n;
    }

    /// <summary>Give a buffer back.</summary>
    public void Free(PacketBuffer buffer)
    {
        if (_count == _stack.Length)
            Spill();
        _stack[_count++] = buffer;
    }

    /// <summary>Give a burst of buffers back.</summary>
    public void FreeBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        foreach (PacketBuffer b in buffers)
            Free(b);
    }

    /// <summary>Return every cached buffer to the pool (when a worker stops).</summary>
    public void Flush()
    {
        _pool.FreeBulk(_stack.AsSpan(0, _count));
        _count = 0;
    }

    private bool Refill()
    {
        if (!_pool.TryAllocBulk(_stack.AsSpan(0, BulkSize)))
        {
            // Fewer than a bulk left: take them one at a time so the last buffers are still usable.
            if (!_pool.TryAllocBulk(_stack.AsSpan(0, 1)))
                return false;
            _count = 1;
            return true;
        }
        _count = BulkSize;
        return true;
    }

    private void Spill()
    {
        _pool.FreeBulk(_stack.AsSpan(_count - BulkSize, BulkSize));
        _count -= BulkSize;
    }
}
