using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>Owns one DPDK mempool (<c>rte_mempool*</c>) and frees it with <c>rte_mempool_free</c>.</summary>
internal sealed class DpdkMempoolHandle : SafeHandle
{
    /// <summary>Wrap nothing yet; <see cref="Create"/> sets the pool.</summary>
    public DpdkMempoolHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Create a pool of <paramref name="count"/> mbufs with <paramref name="room"/> bytes each (headroom included) and a descriptor in each private area.</summary>
    public static DpdkMempoolHandle Create(string name, uint count, uint cache, ushort room)
    {
        var pool = new DpdkMempoolHandle();
        pool.SetHandle(DpdkNative.MempoolCreate(name, count, cache, room));
        return pool;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        DpdkNative.MempoolFree(handle);
        return true;
    }
}
