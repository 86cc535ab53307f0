using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The metadata at the head of every buffer slot in native memory, one cache line, like DPDK's <c>rte_mbuf</c>.</summary>
/// <remarks>Packet data starts at <c>Room + DataOffset</c>; the bytes before it are headroom for pushing headers (an encapsulation, a VLAN tag).</remarks>
[StructLayout(LayoutKind.Sequential, Size = 64)]
public unsafe struct BufferDescriptor
{
    /// <summary>The first byte of the data room (headroom included).</summary>
    public byte* Room;

    /// <summary>Receive time in nanoseconds since the Unix epoch, or 0.</summary>
    public long Timestamp;

    /// <summary>The RSS hash the port computed, or 0.</summary>
    public uint RssHash;

    /// <summary>Where the packet starts in the room.</summary>
    public ushort DataOffset;

    /// <summary>The packet's length in bytes.</summary>
    public ushort Length;

    /// <summary>The size of the room in bytes.</summary>
    public ushort Capacity;

    /// <summary>The port the packet arrived on.</summary>
    public ushort Port;

    /// <summary>The queue of that port.</summary>
    public ushort Queue;

    /// <summary>The headroom a fresh buffer starts with.</summary>
    public ushort DefaultHeadroom;
}
