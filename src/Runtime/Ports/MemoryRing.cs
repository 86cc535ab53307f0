namespace Fastpath;

/// <summary>A single-producer, single-consumer ring of buffers, the in-process stand-in for a NIC queue.</summary>
/// <remarks>
/// Head and tail live on their own cache lines and are published with volatile writes, so one
/// producer thread and one consumer thread may use it at once without locks (the shape of
/// <c>rte_ring</c> in SP/SC mode). Bursts move up to n; nothing here is bulk.
/// </remarks>
public sealed class MemoryRing
{
    private readonly PacketBuffer[] _slots;
    private readonly int _mask;
    private PaddedIndex _head; // next slot to read, advanced by the consumer
    private PaddedIndex _tail; // next slot to write, advanced by the producer

    /// <summary>Create a ring of <paramref name="capacity"/> slots, a power of two.</summary>
    public MemoryRing(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a ring's capacity is a power of two, at least 2");
        _slots = new PacketBuffer[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Return the number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Return how many buffers are queued now.</summary>
    public int Count => (int)(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value));

    /// <summary>Queue up to all of <paramref name="buffers"/>; return how many fit.</summary>
    public int Enqueue(ReadOnlySpan<PacketBuffer> buffers)
    {
        long tail = _tail.Value;
        long free = _slots.Length - (tail - Volatile.Read(ref _head.Value));
        int n = (int)Math.Min(free, buffers.Length);
        for (int i = 0; i < n; i++)
            _slots[(int)(tail + i) & _mask] = buffers[i];
        Volatile.Write(ref _tail.Value, tail + n);
        return n;
    }

    /// <summary>Take up to <paramref name="buffers"/>.Length queued buffers; return how many.</summary>
    public int Dequeue(Span<PacketBuffer> buffers)
    {
        long head = _head.Value;
        long queued = Volatile.Read(ref _tail.Value) - head;
        int n = (int)Math.Min(queued, buffers.Length);
        for (int i = 0; i < n; i++)
            buffers[i] = _slots[(int)(head + i) & _mask];
        Volatile.Write(ref _head.Value, head + n);
        return n;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 128)]
    private struct PaddedIndex
    {
        // Two cache lines, so the adjacent-line prefetcher does not pair head and tail either.
        [System.Runtime.InteropServices.FieldOffset(64)]
        public long Value;
    }
}
