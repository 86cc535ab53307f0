namespace Fastpath;

/// <summary>A packet in native memory: a pointer to its <see cref="BufferDescriptor"/>, cheap to copy and to pass in bursts.</summary>
/// <remarks>
/// A buffer belongs to one owner at a time (a port ring, a worker, a pool); whoever holds it last
/// frees it to a <see cref="BufferCache"/>. Nothing here checks ownership: that is the price of
/// touching no shared state per packet.
/// </remarks>
public readonly unsafe struct PacketBuffer : IEquatable<PacketBuffer>
{
    private readonly BufferDescriptor* _d;

    /// <summary>Wrap a descriptor.</summary>
    public PacketBuffer(BufferDescriptor* descriptor) => _d = descriptor;

    /// <summary>Return the descriptor.</summary>
    public BufferDescriptor* Descriptor => _d;

    /// <summary>Return whether this is the empty value rather than a buffer.</summary>
    public bool IsNull => _d == null;

    /// <summary>Return the packet bytes.</summary>
    public Span<byte> Data => new(_d->Room + _d->DataOffset, _d->Length);

    /// <summary>Return the packet bytes and the free bytes after them, for writing a longer packet in place (then <see cref="TrySetLength"/>).</summary>
    public Span<byte> DataAndTailroom => new(_d->Room + _d->DataOffset, _d->Capacity - _d->DataOffset);

    /// <summary>Return or set the packet length; setting it past the tailroom is refused by <see cref="TrySetLength"/>.</summary>
    public int Length => _d->Length;

    /// <summary>Return the free bytes before the packet.</summary>
    public int Headroom => _d->DataOffset;

    /// <summary>Return the free bytes after the packet.</summary>
    public int Tailroom => _d->Capacity - _d->DataOffset - _d->Length;

    /// <summary>Return the size of the room.</summary>
    public int Capacity => _d->Capacity;

    /// <summary>Return or set the receive port.</summary>
    public ushort Port { get => _d->Port; set => _d->Port = value; }

    /// <summary>Return or set the receive queue.</summary>
    public ushort Queue { get => _d->Queue; set => _d->Queue = value; }

    /// <summary>Return or set the RSS hash.</summary>
    public uint RssHash { get => _d->RssHash; set => _d->RssHash = value; }

    /// <summary>Return or set the receive time in nanoseconds since the Unix epoch.</summary>
    public long Timestamp { get => _d->Timestamp; set => _d->Timestamp = value; }

    /// <summary>Set the packet length, keeping its start; false when it does not fit the room.</summary>
    public bool TrySetLength(int length)
    {
        if ((uint)length > (uint)(_d->Capacity - _d->DataOffset))
            return false;
        _d->Length = (ushort)length;
        return true;
    }

    /// <summary>Grow the packet at the front by <paramref name="bytes"/> (pushing a header); false when the headroom is short.</summary>
    public bool TryPrepend(int bytes)
    {
        if ((uint)bytes > _d->DataOffset)
            return false;
        _d->DataOffset -= (ushort)bytes;
        _d->Length += (ushort)bytes;
        return true;
    }

    /// <summary>Remove <paramref name="bytes"/> from the front (popping a header); false when the packet is shorter.</summary>
    public bool TryTrimFront(int bytes)
    {
        if ((uint)bytes > _d->Length)
            return false;
        _d->DataOffset += (ushort)bytes;
        _d->Length -= (ushort)bytes;
        return true;
    }

    /// <summary>Copy <paramref name="frame"/> in as the whole packet, from the default headroom; false when it does not fit.</summary>
    public bool TryCopyFrom(ReadOnlySpan<byte> frame)
    {
        int room = _d->Capacity - _d->DefaultHeadroom;
        if (frame.Length > room)
            return false;
        _d->DataOffset = _d->DefaultHeadroom;
        _d->Length = (ushort)frame.Length;
        frame.CopyTo(new Span<byte>(_d->Room + _d->DataOffset, frame.Length));
        return true;
    }

    /// <summary>Reset to an empty packet with the default headroom and no metadata.</summary>
    public void Reset()
    {
        _d->DataOffset = _d->DefaultHeadroom;
        _d->Length = 0;
        _d->Port = 0;
        _d->Queue = 0;
        _d->RssHash = 0;
        _d->Timestamp = 0;
    }

    /// <inheritdoc/>
    public bool Equals(PacketBuffer other) => _d == other._d;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PacketBuffer other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((nint)_d).GetHashCode();

    /// <summary>Compare two buffers by identity.</summary>
    public static bool operator ==(PacketBuffer left, PacketBuffer right) => left._d == right._d;

    /// <summary>Compare two buffers by identity.</summary>
    public static bool operator !=(PacketBuffer left, PacketBuffer right) => left._d != right._d;
}
