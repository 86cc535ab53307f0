namespace Fastpath;

/// <summary>One rx/tx queue pair of a port, polled by one worker.</summary>
/// <remarks>
/// Implementations are structs and poll loops take them as a generic parameter
/// (<c>where TPort : struct, IPort</c>), so the JIT compiles one loop per port type and inlines
/// the ring access: no interface or virtual call per packet, at most one native call per burst.
/// </remarks>
public interface IPort
{
    /// <summary>Receive up to <paramref name="buffers"/>.Length packets; the caller owns them after. Returns how many.</summary>
    int ReceiveBurst(Span<PacketBuffer> buffers);

    /// <summary>Queue packets for sending; the port owns those it accepts. Returns how many, from the front; the caller keeps (and frees or retries) the rest.</summary>
    int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers);

    /// <summary>Push out anything the port holds back for batching (called when a burst comes up short, and on a timer).</summary>
    void Flush();

    /// <summary>Return whether the port has nothing more to deliver (the end of a capture); live ports return false.</summary>
    bool IsExhausted { get; }
}
