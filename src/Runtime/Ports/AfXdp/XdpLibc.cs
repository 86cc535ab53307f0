using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The libc calls the af_xdp port makes: raw sockets, ring mappings, poll, capabilities; blittable arguments only.</summary>
/// <remarks>
/// AF_XDP sockets are driven by plain syscalls rather than libxdp's <c>xsk_*</c> helpers: the ring
/// accessors there are <c>static inline</c> (unreachable by P/Invoke) and the port reads the rings
/// itself anyway, and the few setup calls return an errno that maps straight to a message saying
/// what to do. The XDP program is loaded through libbpf instead (<see cref="Libbpf"/>).
/// </remarks>
internal static unsafe partial class XdpLibc
{
    public const int AF_XDP = 44;
    public const int SOCK_RAW = 3;
    public const int SOL_XDP = 283;
    public const int XDP_MMAP_OFFSETS = 1;
    public const int XDP_RX_RING = 2;
    public const int XDP_TX_RING = 3;
    public const int XDP_UMEM_REG = 4;
    public const int XDP_UMEM_FILL_RING = 5;
    public const int XDP_UMEM_COMPLETION_RING = 6;
    public const int XDP_STATISTICS = 7;
    public const int XDP_OPTIONS = 8;
    public const ushort XDP_COPY = 1 << 1;
    public const ushort XDP_ZEROCOPY = 1 << 2;
    public const ushort XDP_USE_NEED_WAKEUP = 1 << 3;
    public const uint XDP_UMEM_UNALIGNED_CHUNK_FLAG = 1;
    public const uint XDP_RING_NEED_WAKEUP = 1;
    public const uint XDP_OPTIONS_ZEROCOPY = 1;
    public const long XDP_PGOFF_RX_RING = 0;
    public const long XDP_PGOFF_TX_RING = 0x80000000;
    public const long XDP_UMEM_PGOFF_FILL_RING = 0x100000000;
    public const long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000;
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MAP_POPULATE = 0x8000;
    public const int MSG_DONTWAIT = 0x40;
    public const short POLLIN = 1;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENOBUFS = 105;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int ENETDOWN = 100;
    public const int E2BIG = 7;
    public const long BPF_FS_MAGIC = 0xcafe4a11;

    /// <summary><c>struct xdp_umem_reg</c> (with the 6.8 <c>tx_metadata_len</c>; older kernels read the first 28 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UmemReg
    {
        public ulong Address;
        public ulong Length;
        public uint ChunkSize;
        public uint Headroom;
        public uint Flags;
        public uint TxMetadataLength;
    }

    /// <summary><c>struct xdp_ring_offset</c>: where the producer, consumer, descriptors and flags sit in a ring's mapping.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RingOffset
    {
        public ulong Producer;
        public ulong Consumer;
        public ulong Descriptors;
        public ulong Flags;
    }

    /// <summary><c>struct xdp_mmap_offsets</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MmapOffsets
    {
        public RingOffset Rx;
        public RingOffset Tx;
        public RingOffset Fill;
        public RingOffset Completion;
    }

    /// <summary><c>struct sockaddr_xdp</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrXdp
    {
        public ushort Family;
        public ushort Flags;
        public uint InterfaceIndex;
        public uint QueueId;
        public uint SharedUmemFd;
    }

    /// <summary><c>struct xdp_desc</c>: one rx or tx ring entry.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct XdpDesc
    {
        public ulong Address;
        public uint Length;
        public uint Options;
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary><c>struct __user_cap_header_struct</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    /// <summary>One of the two <c>struct __user_cap_data_struct</c> of version 3.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, void* address, uint length);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint RecvFrom(int fd, void* buffer, nuint length, int flags, void* address, uint* addressLength);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatFs(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    public static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "vsnprintf")]
    public static partial int VsnPrintf(byte* buffer, nuint size, byte* format, nint arguments);

    /// <summary>Return errno's text and name, as <c>Operation not supported (EOPNOTSUPP)</c> would read, for messages.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
