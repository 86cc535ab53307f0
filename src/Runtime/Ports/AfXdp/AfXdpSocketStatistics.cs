using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The kernel's counters for one AF_XDP socket (<c>struct xdp_statistics</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct AfXdpSocketStatistics
{
    /// <summary>Frames dropped for other reasons: too big for a frame, or no fill-ring buffer to copy into.</summary>
    public ulong RxDropped;

    /// <summary>Frames dropped because of an invalid fill-ring descriptor.</summary>
    public ulong RxInvalidDescriptors;

    /// <summary>Tx descriptors the kernel rejected (outside the UMEM, too long).</summary>
    public ulong TxInvalidDescriptors;

    /// <summary>Frames dropped because the rx ring was full (the worker fell behind).</summary>
    public ulong RxRingFull;

    /// <summary>Times the kernel found the fill ring empty.</summary>
    public ulong FillRingEmpty;

    /// <summary>Times the kernel found the tx ring empty when woken.</summary>
    public ulong TxRingEmpty;

    /// <summary>Return the frames the kernel redirected to this socket but could not deliver.</summary>
    public readonly ulong RxDrops => RxDropped + RxInvalidDescriptors + RxRingFull;
}
