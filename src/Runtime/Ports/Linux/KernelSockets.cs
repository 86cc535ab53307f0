using System.Runtime.InteropServices;

namespace Fastpath.Linux;

/// <summary>The libc socket, poll and mmap calls the kernel-socket ports make, with the Linux constants they need (x86-64 and arm64 share these values).</summary>
/// <remarks>
/// Raw libc through source-generated P/Invoke rather than <c>System.Net.Sockets</c>: the ports need
/// <c>recvmmsg</c>/<c>sendmmsg</c> (one syscall per burst), <c>AF_PACKET</c> rings mapped with
/// <c>mmap</c>, and socket options .NET does not expose. Every argument is blittable; errno is read
/// with <see cref="Marshal.GetLastPInvokeError"/> right after the call that set it.
/// </remarks>
internal static unsafe partial class KernelSockets
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_PACKET = 17;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_IP = 0;
    public const int IPPROTO_IPV6 = 41;
    public const int IPPROTO_UDP = 17;

    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_REUSEPORT = 15;
    public const int SO_SNDBUFFORCE = 32;
    public const int SO_RCVBUFFORCE = 33;
    public const int SO_MEMINFO = 55;
    public const int IP_PKTINFO = 8;
    public const int IPV6_V6ONLY = 26;
    public const int IPV6_RECVPKTINFO = 49;
    public const int IPV6_PKTINFO = 50;

    public const int SOL_PACKET = 263;
    public const int PACKET_ADD_MEMBERSHIP = 1;
    public const int PACKET_RX_RING = 5;
    public const int PACKET_STATISTICS = 6;
    public const int PACKET_VERSION = 10;
    public const int PACKET_TX_RING = 13;
    public const int PACKET_LOSS = 14;
    public const int PACKET_FANOUT = 18;
    public const int PACKET_QDISC_BYPASS = 20;
    public const int PACKET_IGNORE_OUTGOING = 23;
    public const int PACKET_MR_PROMISC = 1;
    public const int TPACKET_V3 = 2;
    public const ushort ETH_P_ALL = 0x0003;

    public const int MSG_CTRUNC = 0x08;
    public const int MSG_TRUNC = 0x20;
    public const int MSG_DONTWAIT = 0x40;

    public const short POLLIN = 0x001;

    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int MAP_SHARED = 0x01;

    public const nuint SIOCGIFFLAGS = 0x8913;
    public const nuint SIOCGIFMTU = 0x8921;
    public const short IFF_UP = 0x1;

    public const int EPERM = 1;
    public const int ENXIO = 6;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOPROTOOPT = 92;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENOBUFS = 105;

    /// <summary>Return the errno of the last call made with <c>SetLastError</c>.</summary>
    public static int Errno() => Marshal.GetLastPInvokeError();

    /// <summary>Return errno as text for an error message: <c>errno 13 (Permission denied)</c>.</summary>
    public static string Describe(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";

    /// <summary>Convert a 16-bit value between host and network byte order.</summary>
    public static ushort NetworkOrder(ushort value) => BitConverter.IsLittleEndian ? (ushort)((value >> 8) | (value << 8)) : value;

    /// <summary>Set an integer socket option; return 0 or -1 with errno set.</summary>
    public static int SetInt(KernelSocketHandle fd, int level, int name, int value) => setsockopt(fd, level, name, &value, sizeof(int));

    /// <summary>Read an integer socket option, or -1 when the kernel refuses.</summary>
    public static int GetInt(KernelSocketHandle fd, int level, int name)
    {
        int value = 0;
        uint length = sizeof(int);
        return getsockopt(fd, level, name, &value, &length) == 0 ? value : -1;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(KernelSocketHandle fd, void* address, uint addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockname(KernelSocketHandle fd, void* address, uint* addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(KernelSocketHandle fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(KernelSocketHandle fd, int level, int name, void* value, uint* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(KernelSocketHandle fd, nuint request, void* argument);

    // The hot-path calls take the raw descriptor: a SafeHandle costs an AddRef/Release pair per
    // call, and the port keeps the handle alive (and closes it only in Dispose, after the worker).
    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendto(int fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", SetLastError = true)]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, KernelSocketHandle fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(void* address, nuint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint if_nametoindex(string name);
}
