namespace Fastpath;

/// <summary>Template frames that a memory port copies into fresh buffers, round robin, up to a count: the "wire" of the memory port.</summary>
/// <remarks>The templates are copied once at construction; producing a packet costs one buffer from the cache and one memcpy.</remarks>
public sealed class FrameSource
{
    private readonly byte[][] _frames;
    private readonly long _limit;
    private long _produced;
    private int _next;

    /// <summary>Produce <paramref name="count"/> packets from <paramref name="frames"/> (or -1 for no end).</summary>
    public FrameSource(IEnumerable<byte[]> frames, long count)
    {
        _frames = frames.Select(f => f.ToArray()).ToArray();
        if (_frames.Length == 0)
            throw new ArgumentException("a frame source needs at least one frame", nameof(frames));
        _limit = count;
    }

    /// <summary>Return the number of template frames.</summary>
    public int FrameCount => _frames.Length;

    /// <summary>Return how many packets were produced.</summary>
    public long Produced => _produced;

    /// <summary>Return whether the count has been reached.</summary>
    public bool IsExhausted => _limit >= 0 && _produced >= _limit;

    /// <summary>Fill <paramref name="buffers"/> with up to its length of packets from <paramref name="cache"/>; return how many.</summary>
    public int Produce(Span<PacketBuffer> buffers, BufferCache cache, ushort port)
    {
        int want = buffers.Length;
        if (_limit >= 0)
            want = (int)Math.Min(want, _limit - _produced);
        int n = 0;
        while (n < want && cache.TryAlloc(out PacketBuffer b))
        {
            byte[] frame = _frames[_next];
            _next = _next + 1 == _frames.Length ? 0 : _next + 1;
            if (!b.TryCopyFrom(frame))
            {
                // Larger than a buffer: the same frame would never fit, so drop it from the rotation's output.
                cache.Free(b);
                _produced++;
                continue;
            }
            b.Port = port;
            buffers[n++] = b;
            _produced++;
        }
        return n;
    }
}
