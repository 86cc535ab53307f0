namespace Fastpath;

/// <summary>A <see cref="BufferPool"/> whose buffers are the mbufs of a DPDK mempool: what a dpdk port receives into, and where workers free what they drop.</summary>
/// <remarks>
/// Each mbuf carries a <see cref="BufferDescriptor"/> in its private area, right after the
/// <c>rte_mbuf</c>, and a <see cref="PacketBuffer"/> points at it: nothing is copied between DPDK
/// and the program. Caches move buffers in bulks of <see cref="BufferCache.BulkSize"/>, so
/// <see cref="TryAllocBulk"/> and <see cref="FreeBulk"/> make one native call
/// (<c>rte_pktmbuf_alloc_bulk</c>, <c>rte_pktmbuf_free_bulk</c>) per 32 buffers, never one per packet.
/// Dispose it after the ports that receive into it.
/// </remarks>
public sealed unsafe class DpdkBufferPool : BufferPool
{
    /// <summary>The data room after the headroom: an MTU-1500 frame fits, as in DPDK's RTE_MBUF_DEFAULT_DATAROOM.</summary>
    public const int DefaultDataRoom = 2048;

    /// <summary>DPDK's headroom (RTE_PKTMBUF_HEADROOM in Debian's build): where a fresh mbuf's data starts.</summary>
    public const int Headroom = 128;

    private static int s_pools;
    private readonly DpdkMempoolHandle _mempool;
    private readonly nint _pool;

    /// <summary>Return the <c>rte_mempool*</c>, for queue setup.</summary>
    internal nint MempoolPointer => _pool;

    private DpdkBufferPool(DpdkMempoolHandle mempool, int count, int room)
        : base(count, room)
    {
        _mempool = mempool;
        _pool = mempool.DangerousGetHandle();
    }

    /// <summary>Start the EAL for <paramref name="specs"/> (all dpdk ports; their EAL arguments must agree) and make a pool of <paramref name="count"/> mbufs.</summary>
    /// <exception cref="ArgumentException">A spec is invalid, or the specs give different EAL arguments.</exception>
    /// <exception cref="InvalidOperationException">The EAL could not start, or DPDK had no memory for the pool; the message says what to do.</exception>
    public static DpdkBufferPool Create(IReadOnlyList<PortSpec> specs, int count, int dataRoom = DefaultDataRoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataRoom + Headroom, ushort.MaxValue);
        if (specs.Count == 0)
            throw new ArgumentException("no dpdk ports: name at least one as dpdk:DEVICE or dpdk:EAL-ARGUMENTS");
        PortSpec? first = null;
        DpdkArguments? chosen = null;
        foreach (PortSpec spec in specs)
        {
            DpdkArguments arguments = DpdkArguments.Parse(spec);
            if (arguments.Eal.Count == 0)
                continue;
            if (chosen is null)
            {
                (first, chosen) = (spec, arguments);
            }
            else if (!arguments.Eal.SequenceEqual(chosen.Eal))
            {
                throw new ArgumentException(
                    $"ports '{first}' and '{spec}' give different EAL arguments; DPDK's EAL starts once per process, so give them once (on any port) or the same on each");
            }
        }
        DpdkEal.Initialize(first ?? specs[0], chosen ?? DpdkArguments.Parse(specs[0]));
        return Create(count, dataRoom);
    }

    /// <summary>Make a pool of <paramref name="count"/> mbufs once the EAL runs.</summary>
    public static DpdkBufferPool Create(int count, int dataRoom = DefaultDataRoom)
    {
        if (!DpdkEal.IsInitialized)
            throw new InvalidOperationException("DPDK's EAL has not started: open the pool with the ports' specs (DpdkBufferPool.Create(specs, count) or PortFactory.CreatePool)");
        // The mempool cache must stay under count / 1.5 (rte_mempool_create's flush threshold rule).
        uint cache = (uint)Math.Min(256, count * 2 / 3);
        string name = $"fp_pool_{Interlocked.Increment(ref s_pools)}";
        DpdkEal.ClearLog();
        DpdkMempoolHandle mempool = DpdkMempoolHandle.Create(name, (uint)count, cache, (ushort)(dataRoom + Headroom));
        if (mempool.IsInvalid)
        {
            int error = -DpdkNative.Errno();
            mempool.Dispose();
            throw new InvalidOperationException(
                $"DPDK could not make a pool of {count} mbufs of {dataRoom + Headroom} bytes: {DpdkEal.ErrorText(error)}; " +
                "give the EAL more memory (-m 1024 with --no-huge, or more hugepages) or use fewer buffers");
        }
        return new DpdkBufferPool(mempool, count, dataRoom + Headroom);
    }

    /// <inheritdoc/>
    public override int Available => (int)DpdkNative.MempoolAvailable(_pool);

    /// <inheritdoc/>
    public override bool Owns(PacketBuffer buffer) => !buffer.IsNull && DpdkNative.MempoolOwns(_pool, buffer.Descriptor) != 0;

    /// <inheritdoc/>
    public override bool TryAllocBulk(Span<PacketBuffer> into)
    {
        DpdkEal.RegisterThread();
        fixed (PacketBuffer* p = into)
            return DpdkNative.MbufAllocBulk(_pool, (void**)p, (uint)into.Length) == 0;
    }

    /// <inheritdoc/>
    public override void FreeBulk(ReadOnlySpan<PacketBuffer> buffers)
    {
        DpdkEal.RegisterThread();
        fixed (PacketBuffer* p = buffers)
            DpdkNative.MbufFreeBulk((void**)p, (uint)buffers.Length);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _mempool.Dispose();
        base.Dispose(disposing);
    }
}
