using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The exports of <c>libfastpath_dpdk.so</c> (src/Native/fastpath_dpdk.h): one DPDK operation each, blittable arguments.</summary>
/// <remarks>Descriptor arrays are passed as <c>void**</c>: a <see cref="PacketBuffer"/> is one descriptor pointer, so a span of them is the array the shim reads or fills.</remarks>
internal static unsafe partial class DpdkNative
{
    /// <summary>The library's name as the loader probes it (<c>libfastpath_dpdk.so</c> beside the app).</summary>
    public const string Library = "fastpath_dpdk";

    /// <summary>The most packets one rx or tx call moves (FP_MAX_BURST).</summary>
    public const int MaxBurst = 64;

    /// <summary>Counters of one ethdev (struct fp_port_stats).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PortStats
    {
        public ulong InputPackets;
        public ulong OutputPackets;
        public ulong InputBytes;
        public ulong OutputBytes;
        public ulong InputMissed;
        public ulong InputErrors;
        public ulong OutputErrors;
        public ulong ReceiveNoBuffer;
    }

    /// <summary>rte_eal_init, log teed for <see cref="LogTail"/>, caller's affinity restored.</summary>
    [LibraryImport(Library, EntryPoint = "fp_eal_init")]
    public static partial int EalInit(int argc, byte** argv);

    /// <summary>rte_strerror.</summary>
    [LibraryImport(Library, EntryPoint = "fp_strerror")]
    public static partial byte* StrError(int error);

    /// <summary>Copy the last DPDK log lines into <paramref name="text"/>.</summary>
    [LibraryImport(Library, EntryPoint = "fp_log_tail")]
    public static partial int LogTail(byte* text, int size);

    /// <summary>Forget the log lines kept so far.</summary>
    [LibraryImport(Library, EntryPoint = "fp_log_clear")]
    public static partial void LogClear();

    /// <summary>rte_thread_register for a thread that has no lcore id yet.</summary>
    [LibraryImport(Library, EntryPoint = "fp_thread_register")]
    public static partial int ThreadRegister();

    /// <summary>rte_vdev_init.</summary>
    [LibraryImport(Library, EntryPoint = "fp_vdev_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int VdevCreate(string name, string args);

    /// <summary>rte_vdev_uninit.</summary>
    [LibraryImport(Library, EntryPoint = "fp_vdev_remove", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int VdevRemove(string name);

    /// <summary>rte_eth_dev_get_port_by_name.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PortByName(string name, out ushort port);

    /// <summary>rte_eth_dev_get_name_by_port; <paramref name="name"/> holds 64 bytes.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_name")]
    public static partial int PortName(ushort port, byte* name);

    /// <summary>rte_eth_dev_count_avail.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_count")]
    public static partial ushort PortCount();

    /// <summary>rte_pktmbuf_pool_create with a descriptor per mbuf; null on failure (see <see cref="Errno"/>).</summary>
    [LibraryImport(Library, EntryPoint = "fp_mempool_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint MempoolCreate(string name, uint count, uint cache, ushort room);

    /// <summary>rte_mempool_free.</summary>
    [LibraryImport(Library, EntryPoint = "fp_mempool_free")]
    public static partial void MempoolFree(nint pool);

    /// <summary>rte_mempool_avail_count.</summary>
    [LibraryImport(Library, EntryPoint = "fp_mempool_available")]
    public static partial uint MempoolAvailable(nint pool);

    /// <summary>Whether an address lies in the pool's memory (1) or not (0).</summary>
    [LibraryImport(Library, EntryPoint = "fp_mempool_owns")]
    public static partial int MempoolOwns(nint pool, void* address);

    /// <summary>rte_errno.</summary>
    [LibraryImport(Library, EntryPoint = "fp_errno")]
    public static partial int Errno();

    /// <summary>rte_eth_dev_configure with no offloads.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_configure")]
    public static partial int PortConfigure(ushort port, ushort rxQueues, ushort txQueues);

    /// <summary>rte_eth_dev_adjust_nb_rx_tx_desc.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_adjust_rings")]
    public static partial int PortAdjustRings(ushort port, ref ushort rxDescriptors, ref ushort txDescriptors);

    /// <summary>rte_eth_rx_queue_setup.</summary>
    [LibraryImport(Library, EntryPoint = "fp_rx_queue_setup")]
    public static partial int RxQueueSetup(ushort port, ushort queue, ushort descriptors, nint pool);

    /// <summary>rte_eth_tx_queue_setup.</summary>
    [LibraryImport(Library, EntryPoint = "fp_tx_queue_setup")]
    public static partial int TxQueueSetup(ushort port, ushort queue, ushort descriptors);

    /// <summary>rte_eth_dev_start.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_start")]
    public static partial int PortStart(ushort port);

    /// <summary>rte_eth_dev_stop.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_stop")]
    public static partial int PortStop(ushort port);

    /// <summary>rte_eth_dev_close.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_close")]
    public static partial int PortClose(ushort port);

    /// <summary>rte_eth_promiscuous_enable.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_promiscuous")]
    public static partial int PortPromiscuous(ushort port);

    /// <summary>rte_eth_macaddr_get into 6 bytes.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_mac")]
    public static partial int PortMac(ushort port, byte* mac);

    /// <summary>rte_eth_stats_get.</summary>
    [LibraryImport(Library, EntryPoint = "fp_port_stats")]
    public static partial int PortStatistics(ushort port, out PortStats stats);

    /// <summary>rte_eth_rx_burst, descriptors filled; chained mbufs freed and counted.</summary>
    [LibraryImport(Library, EntryPoint = "fp_rx_burst")]
    [SuppressGCTransition]
    public static partial ushort RxBurst(ushort port, ushort queue, ushort portTag, void** descriptors, ushort n, ushort* chained);

    /// <summary>Descriptors written back into their mbufs, then rte_eth_tx_burst.</summary>
    [LibraryImport(Library, EntryPoint = "fp_tx_burst")]
    [SuppressGCTransition]
    public static partial ushort TxBurst(ushort port, ushort queue, void** descriptors, ushort n);

    /// <summary>rte_pktmbuf_alloc_bulk, descriptors reset: all or none.</summary>
    [LibraryImport(Library, EntryPoint = "fp_mbuf_alloc_bulk")]
    public static partial int MbufAllocBulk(nint pool, void** descriptors, uint n);

    /// <summary>rte_pktmbuf_free_bulk of the mbufs behind the descriptors.</summary>
    [LibraryImport(Library, EntryPoint = "fp_mbuf_free_bulk")]
    public static partial void MbufFreeBulk(void** descriptors, uint n);
}
