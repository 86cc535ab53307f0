using System.Runtime.InteropServices;

namespace Fastpath.Linux;

// The <linux/if_packet.h> structures of TPACKET_V3 (Documentation/networking/packet_mmap.rst),
// sizes checked against gcc: tpacket3_hdr 48, tpacket_block_desc 48, tpacket_req3 28, sockaddr_ll 20.

/// <summary><c>struct tpacket_req3</c>: the shape of a ring asked for with <c>PACKET_RX_RING</c> or <c>PACKET_TX_RING</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketReq3
{
    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
    public uint RetireBlockTimeoutMs;
    public uint SizeofPriv;
    public uint FeatureRequestWord;
}

/// <summary><c>struct tpacket3_hdr</c>: the header in front of each frame of a V3 ring (with <c>hv1</c> inline).</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct Tpacket3Hdr
{
    /// <summary>Where a transmitted frame's data starts: <c>TPACKET3_HDRLEN - sizeof(struct sockaddr_ll)</c>.</summary>
    public const int TxDataOffset = 48;

    /// <summary>Where the kernel writes a received frame's <c>sockaddr_ll</c> (its packet type): <c>TPACKET_ALIGN(sizeof(struct tpacket3_hdr))</c>.</summary>
    public const int LinkAddressOffset = 48;

    public uint NextOffset;
    public uint Sec;
    public uint Nsec;
    public uint SnapLength;
    public uint Length;
    public uint Status;
    public ushort Mac;
    public ushort Net;
    public uint RxHash;
    public uint VlanTci;
    public ushort VlanTpid;
    public ushort Padding;
}

/// <summary><c>struct tpacket_block_desc</c> with <c>tpacket_hdr_v1</c> inline: the header of one block of a V3 receive ring.</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct TpacketBlockDesc
{
    public uint Version;
    public uint OffsetToPriv;
    public uint BlockStatus;
    public uint PacketCount;
    public uint OffsetToFirstPacket;
    public uint BlockLength;
    public ulong SequenceNumber;
}

/// <summary><c>struct sockaddr_ll</c>: a link-layer address, used to bind a packet socket to an interface.</summary>
[StructLayout(LayoutKind.Sequential, Size = 20)]
internal unsafe struct SockAddrLl
{
    public ushort Family;
    public ushort Protocol;
    public int InterfaceIndex;
    public ushort HardwareType;
    public byte PacketType;
    public byte AddressLength;
    public fixed byte Address[8];
}

/// <summary><c>struct packet_mreq</c>: a membership (promiscuous mode) asked of an interface.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal unsafe struct PacketMreq
{
    public int InterfaceIndex;
    public ushort Type;
    public ushort AddressLength;
    public fixed byte Address[8];
}

/// <summary><c>struct tpacket_stats_v3</c>: what <c>PACKET_STATISTICS</c> returns (and resets) for a V3 socket.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketStatsV3
{
    public uint Packets;
    public uint Drops;
    public uint FreezeQueueCount;
}

/// <summary>The status words of ring frames and blocks.</summary>
internal static class TpacketStatus
{
    public const uint Kernel = 0;
    public const uint User = 1;
    public const uint VlanValid = 1 << 4;
    public const uint VlanTpidValid = 1 << 6;
    public const uint Available = 0;
    public const uint SendRequest = 1;
    public const uint Sending = 2;
    public const uint WrongFormat = 4;
    public const uint FillRxHash = 1;
}
