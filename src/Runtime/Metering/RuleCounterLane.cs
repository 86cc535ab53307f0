using System.Diagnostics;

namespace Fastpath;

/// <summary>One worker's share of a <see cref="RuleCounters"/>: the handle the data path adds to, with plain writes.</summary>
/// <remarks>A copy refers to the same counts; keep one per worker in a field and use it from that worker's thread only.</remarks>
public readonly struct RuleCounterLane
{
    private readonly long[] _slab;

    internal RuleCounterLane(long[] slab) => _slab = slab;

    /// <summary>Return whether this is the empty value rather than a lane.</summary>
    public bool IsNull => _slab is null;

    /// <summary>Count one packet of <paramref name="bytes"/> bytes for <paramref name="rule"/> (owner thread only).</summary>
    public void Add(int rule, int bytes)
    {
        int i = SlotOf(rule);
        Debug.Assert(i + 1 < _slab.Length - WorkerCounters.PadLongs);
        _slab[i]++;
        _slab[i + 1] += bytes;
    }

    // A rule's packets and bytes sit side by side, after the front padding.
    internal static int SlotOf(int rule) => WorkerCounters.PadLongs + rule * 2;
}
