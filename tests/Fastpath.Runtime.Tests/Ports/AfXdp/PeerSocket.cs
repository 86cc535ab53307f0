using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>The far end of the veth pair as a raw AF_PACKET socket: sends whole frames and reads what arrives (its own sends left out).</summary>
/// <remarks>Made inside the peer's namespace (see <see cref="Netns"/>), then used from any thread.</remarks>
internal sealed unsafe partial class PeerSocket : IDisposable
{
    private const int AfPacket = 17;
    private const int SockRaw = 3;
    private const ushort EthPAll = 0x0003;
    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int SoRcvBuf = 8;
    private const int SolPacket = 263;
    private const int PacketIgnoreOutgoing = 23;
    private readonly int _fd;
    private readonly int _ifindex;

    private PeerSocket(int fd, int ifindex)
    {
        _fd = fd;
        _ifindex = ifindex;
    }

    /// <summary>Open a socket on <paramref name="interfaceName"/>; call it inside the interface's namespace.</summary>
    public static PeerSocket Open(string interfaceName)
    {
        int ifindex = (int)IfNameToIndex(interfaceName);
        if (ifindex == 0)
            throw new InvalidOperationException($"no interface {interfaceName} here");
        int fd = Socket(AfPacket, SockRaw, BinaryPrimitives.ReverseEndianness(EthPAll));
        if (fd < 0)
            throw new InvalidOperationException($"socket(AF_PACKET) failed: errno {Marshal.GetLastPInvokeError()}");
        var address = new SockaddrLl { Family = AfPacket, Protocol = BinaryPrimitives.ReverseEndianness(EthPAll), Ifindex = ifindex };
        if (Bind(fd, &address, (uint)sizeof(SockaddrLl)) != 0)
            throw new InvalidOperationException($"bind(AF_PACKET) failed: errno {Marshal.GetLastPInvokeError()}");
        int one = 1;
        SetSockOpt(fd, SolPacket, PacketIgnoreOutgoing, &one, sizeof(int));
        int buffer = 8 << 20;
        SetSockOpt(fd, SolSocket, SoRcvBuf, &buffer, sizeof(int));
        return new PeerSocket(fd, ifindex);
    }

    /// <summary>Send one frame; false when the kernel refused it (a full queue).</summary>
    public bool Send(ReadOnlySpan<byte> frame)
    {
        fixed (byte* f = frame)
            return SendTo(_fd, f, (nuint)frame.Length, 0, null, 0) == frame.Length;
    }

    /// <summary>Receive one frame into <paramref name="buffer"/> within <paramref name="timeoutMilliseconds"/>; return its length, or -1 on timeout.</summary>
    public int Receive(Span<byte> buffer, int timeoutMilliseconds)
    {
        var timeout = new TimeVal { Seconds = timeoutMilliseconds / 1000, Microseconds = timeoutMilliseconds % 1000 * 1000 };
        SetSockOpt(_fd, SolSocket, SoRcvTimeo, &timeout, (uint)sizeof(TimeVal));
        fixed (byte* b = buffer)
        {
            nint n = RecvFrom(_fd, b, (nuint)buffer.Length, 0, null, null);
            return n < 0 ? -1 : (int)n;
        }
    }

    /// <summary>Drop what has arrived so far (IPv6 router solicitations and the like from the namespace's own start).</summary>
    public void Drain()
    {
        Span<byte> buffer = stackalloc byte[2048];
        while (Receive(buffer, 1) >= 0)
        {
        }
    }

    /// <summary>Close the socket.</summary>
    public void Dispose() => Close(_fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int Ifindex;
        public ushort HaType;
        public byte PktType;
        public byte HaLen;
        public ulong Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, void* address, uint length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    private static partial nint RecvFrom(int fd, void* buffer, nuint length, int flags, void* address, uint* addressLength);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
