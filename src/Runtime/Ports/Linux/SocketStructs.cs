using System.Runtime.InteropServices;

namespace Fastpath.Linux;

// The <sys/socket.h>, <netinet/in.h>, <poll.h> and <net/if.h> structures of the Linux LP64 ABI,
// laid out as the kernel reads them (sizes checked against gcc's sizeof on x86-64: msghdr 56,
// mmsghdr 64, sockaddr_in 16, sockaddr_in6 28, cmsghdr 16, ifreq 40).

/// <summary><c>struct iovec</c>: one piece of a datagram.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}

/// <summary><c>struct msghdr</c>: one datagram's address, pieces and ancillary data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary><c>struct mmsghdr</c>: a message and the byte count the kernel reports for it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}

/// <summary><c>struct sockaddr_in</c>; port and address in network byte order.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct SockAddrIn
{
    public ushort Family;
    public ushort Port;
    public uint Address;
}

/// <summary><c>struct sockaddr_in6</c>; port in network byte order.</summary>
[StructLayout(LayoutKind.Sequential, Size = 28)]
internal unsafe struct SockAddrIn6
{
    public ushort Family;
    public ushort Port;
    public uint FlowInfo;
    public fixed byte Address[16];
    public uint ScopeId;
}

/// <summary><c>struct cmsghdr</c>: the header of one ancillary message; its data follows at <see cref="DataOffset"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CmsgHdr
{
    /// <summary>Where the data starts: <c>CMSG_LEN(0)</c>.</summary>
    public const int DataOffset = 16;

    public nuint Length;
    public int Level;
    public int Type;
}

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}

/// <summary><c>struct ifreq</c> for the integer requests (<c>SIOCGIFMTU</c>, <c>SIOCGIFFLAGS</c>): the name, then the value.</summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
internal unsafe struct IfReq
{
    public fixed byte Name[16];
    public int Value;
}
