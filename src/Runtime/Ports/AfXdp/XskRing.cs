namespace Fastpath;

/// <summary>One single-producer/single-consumer ring shared with the kernel (rx, tx, fill or completion): the mapped indexes and this side's cached copies.</summary>
/// <remarks>
/// The indexes run freely and wrap at 2^32; an entry is at <c>index &amp; Mask</c>. Our side reads the
/// kernel's index with acquire (<c>Volatile.Read</c>) and publishes its own with
/// release, the pairing the kernel's <c>smp_load_acquire</c>/<c>smp_store_release</c> expect, and
/// reads the kernel's index again only when the cached one says the ring is empty (or full), so a
/// busy ring costs one shared cache line read per burst, not per packet (libxdp's xsk.h does the same).
/// </remarks>
internal unsafe struct XskRing
{
    public uint* Producer;
    public uint* Consumer;
    public uint* Flags;
    public byte* Entries;
    public uint Mask;
    public uint Size;
    public uint CachedProducer;
    public uint CachedConsumer;

    /// <summary>Return how many entries a consumer may read now, up to <paramref name="wanted"/>.</summary>
    public uint Available(uint wanted)
    {
        uint available = CachedProducer - CachedConsumer;
        if (available == 0)
        {
            CachedProducer = Volatile.Read(ref *Producer);
            available = CachedProducer - CachedConsumer;
        }
        return available < wanted ? available : wanted;
    }

    /// <summary>Return how many entries a producer may write now, up to <paramref name="wanted"/>.</summary>
    public uint Free(uint wanted)
    {
        uint free = Size - (CachedProducer - CachedConsumer);
        if (free < wanted)
        {
            CachedConsumer = Volatile.Read(ref *Consumer);
            free = Size - (CachedProducer - CachedConsumer);
        }
        return free < wanted ? free : wanted;
    }

    /// <summary>Hand <paramref name="count"/> consumed entries back to the producer.</summary>
    public void Release(uint count)
    {
        CachedConsumer += count;
        Volatile.Write(ref *Consumer, CachedConsumer);
    }

    /// <summary>Publish <paramref name="count"/> written entries to the consumer.</summary>
    public void Submit(uint count)
    {
        CachedProducer += count;
        Volatile.Write(ref *Producer, CachedProducer);
    }

    /// <summary>Return whether the kernel asked to be woken (a syscall) to look at this ring.</summary>
    public readonly bool NeedsWakeup => (Volatile.Read(ref *Flags) & XdpLibc.XDP_RING_NEED_WAKEUP) != 0;

    /// <summary>Return whether entries we produced are still waiting for the kernel to consume them.</summary>
    public readonly bool HasUnconsumed => Volatile.Read(ref *Consumer) != CachedProducer;

    /// <summary>Return the descriptor slot for <paramref name="index"/> of an rx or tx ring.</summary>
    public readonly XdpLibc.XdpDesc* Descriptor(uint index) => (XdpLibc.XdpDesc*)Entries + (index & Mask);

    /// <summary>Return the address slot for <paramref name="index"/> of a fill or completion ring.</summary>
    public readonly ulong* Address(uint index) => (ulong*)Entries + (index & Mask);
}
