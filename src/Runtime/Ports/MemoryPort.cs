namespace Fastpath;

/// <summary>An in-process port: receives from a ring (fed by a <see cref="FrameSource"/> or by another port's transmit) and transmits into a ring, or back into its own receive ring, or into nothing.</summary>
/// <remarks>
/// Named <c>memory:</c> with options <c>synthetic=dns|udp|vlan6</c> or <c>frames=capture.pcap</c>
/// (what to receive), <c>count=N</c> (how many, default one pass), <c>loop</c> (transmit feeds
/// receive) and <c>drop</c> (transmit frees, like DPDK's net_null).
/// </remarks>
public struct MemoryPort : IPort
{
    private readonly MemoryRing _rx;
    private readonly MemoryRing? _tx;
    private readonly FrameSource? _source;
    private readonly BufferCache _cache;
    private readonly ushort _portId;
    private readonly TransmitMode _mode;

    /// <summary>What transmit does with a packet.</summary>
    public enum TransmitMode
    {
        /// <summary>Queue it on the transmit ring for someone to read.</summary>
        Ring,
        /// <summary>Queue it on this port's own receive ring.</summary>
        Loopback,
        /// <summary>Free it at once and count it, like a link to nowhere.</summary>
        Drop,
    }

    /// <summary>Create a port over <paramref name="rx"/>, filled from <paramref name="source"/> when set, with buffers from <paramref name="cache"/>.</summary>
    public MemoryPort(MemoryRing rx, MemoryRing? tx, FrameSource? source, BufferCache cache, TransmitMode mode, ushort portId = 0)
    {
        _rx = rx;
        _tx = mode == TransmitMode.Ring ? tx ?? throw new ArgumentNullException(nameof(tx)) : null;
        _source = source;
        _cache = cache;
        _mode = mode;
        _portId = portId;
        Counters = new MemoryPortCounters();
    }

    /// <summary>Return the transmit ring (when the mode is <see cref="TransmitMode.Ring"/>).</summary>
    public readonly MemoryRing? TransmitRing => _tx;

    /// <summary>Return the receive ring.</summary>
    public readonly MemoryRing ReceiveRing => _rx;

    /// <summary>Return the port's counters.</summary>
    public MemoryPortCounters Counters { get; }

    /// <inheritdoc/>
    public readonly bool IsExhausted => _rx.Count == 0 && (_source is null || _source.IsExhausted);

    /// <inheritdoc/>
    public readonly int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        int n = _rx.Dequeue(buffers);
        if (n < buffers.Length && _source is not null && !_source.IsExhausted)
            n += _source.Produce(buffers[n..], _cache, _portId);
        Counters.RxPackets += n;
        return n;
    }

    /// <inheritdoc/>
    public readonly int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        int n;
        switch (_mode)
        {
            case TransmitMode.Drop:
                _cache.FreeBurst(buffers);
                n = buffers.Length;
                break;
            case TransmitMode.Loopback:
                n = _rx.Enqueue(buffers);
                break;
            default:
                n = _tx!.Enqueue(buffers);
                break;
        }
        Counters.TxPackets += n;
        return n;
    }

    /// <inheritdoc/>
    public readonly void Flush()
    {
    }
}

/// <summary>Packet counts of one memory port; owned by its worker, read by others as approximate values.</summary>
public sealed class MemoryPortCounters
{
    /// <summary>Packets received.</summary>
    public long RxPackets;

    /// <summary>Packets transmitted.</summary>
    public long TxPackets;
}
