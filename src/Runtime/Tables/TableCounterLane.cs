namespace Fastpath.Tables;

/// <summary>One worker's hit counters of one table: only that worker writes them.</summary>
public readonly struct TableCounterLane
{
    private readonly long[] _counts;
    private readonly int _pad;

    internal TableCounterLane(long[] counts, int pad)
    {
        _counts = counts;
        _pad = pad;
    }

    /// <summary>Count one packet of <paramref name="bytes"/> bytes against entry index <paramref name="index"/>, the index a lookup returned.</summary>
    /// <remarks>Plain adds, no interlocked operation: the lane has a single writer, its worker.</remarks>
    public void Hit(int index, int bytes)
    {
        int at = _pad + 2 * index;
        _counts[at]++;
        _counts[at + 1] += bytes;
    }
}
