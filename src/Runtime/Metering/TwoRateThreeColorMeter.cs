namespace Fastpath;

/// <summary>A two rate three color marker (trTCM, RFC 2698): a peak bucket of PBS bytes filled at PIR and a committed bucket of CBS bytes filled at CIR, in bytes per second.</summary>
/// <remarks>
/// Time, units, integer arithmetic and ownership are as for <see cref="SingleRateThreeColorMeter"/>:
/// nanosecond timestamps passed in once per burst, tokens counted exactly in 10⁻⁹ byte, and one
/// instance per worker (not thread-safe). Each bucket's refill is capped at its own fill time, so
/// a peak rate far above the committed rate cannot overflow either bucket.
/// </remarks>
public sealed class TwoRateThreeColorMeter
{
    /// <summary>The largest CIR or PIR in bytes per second (about 8.8 Tbit/s), so a refill fits in 64 bits.</summary>
    public const long MaxRate = 1L << 40;

    /// <summary>The largest CBS or PBS in bytes, so a bucket counted in 10⁻⁹ byte fits in 64 bits.</summary>
    public const long MaxBurst = int.MaxValue;

    private const long Scale = 1_000_000_000; // token units per byte: one per nanosecond of one byte per second

    private readonly long _cir;
    private readonly long _pir;
    private readonly long _cbs; // scaled
    private readonly long _pbs; // scaled
    private readonly long _fillCommittedNs;
    private readonly long _fillPeakNs;
    private long _tc; // scaled
    private long _tp; // scaled
    private long _lastNs;

    /// <summary>Create a meter with both buckets full at time <paramref name="startNs"/> (RFC 2698: "initially (at time 0) full").</summary>
    /// <param name="cir">Committed information rate, bytes per second, 1 to <paramref name="pir"/>.</param>
    /// <param name="pir">Peak information rate, bytes per second, <paramref name="cir"/> to <see cref="MaxRate"/>.</param>
    /// <param name="cbs">Committed burst size, bytes, 1 to <see cref="MaxBurst"/>.</param>
    /// <param name="pbs">Peak burst size, bytes, 1 to <see cref="MaxBurst"/>.</param>
    /// <param name="startNs">The time the buckets are full at, in nanoseconds.</param>
    public TwoRateThreeColorMeter(long cir, long pir, long cbs, long pbs, long startNs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cir, 1);
        // RFC 2698 section 2: "The PIR must be equal to or greater than the CIR."
        ArgumentOutOfRangeException.ThrowIfLessThan(pir, cir);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pir, MaxRate);
        // RFC 2698 section 2: "The PBS and the CBS … must be configured at values greater than 0."
        ArgumentOutOfRangeException.ThrowIfLessThan(cbs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cbs, MaxBurst);
        ArgumentOutOfRangeException.ThrowIfLessThan(pbs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pbs, MaxBurst);
        CommittedRate = cir;
        PeakRate = pir;
        CommittedBurst = cbs;
        PeakBurst = pbs;
        _cir = cir;
        _pir = pir;
        _cbs = cbs * Scale;
        _pbs = pbs * Scale;
        // Past its fill time a bucket is full; capping each bucket's gap there keeps elapsed × rate within a long.
        _fillCommittedNs = (_cbs + cir - 1) / cir;
        _fillPeakNs = (_pbs + pir - 1) / pir;
        _tc = _cbs;
        _tp = _pbs;
        _lastNs = startNs;
    }

    /// <summary>Return the committed information rate in bytes per second.</summary>
    public long CommittedRate { get; }

    /// <summary>Return the peak information rate in bytes per second.</summary>
    public long PeakRate { get; }

    /// <summary>Return the committed burst size in bytes.</summary>
    public long CommittedBurst { get; }

    /// <summary>Return the peak burst size in bytes.</summary>
    public long PeakBurst { get; }

    /// <summary>Return the committed bucket's whole tokens (Tc) as of the last mark.</summary>
    public long CommittedTokens => _tc / Scale;

    /// <summary>Return the peak bucket's whole tokens (Tp) as of the last mark.</summary>
    public long PeakTokens => _tp / Scale;

    /// <summary>Return the committed bucket in 10⁻⁹ byte, for tests that check the fraction.</summary>
    internal long CommittedScaled => _tc;

    /// <summary>Return the peak bucket in 10⁻⁹ byte, for tests that check the fraction.</summary>
    internal long PeakScaled => _tp;

    /// <summary>Mark a packet of <paramref name="bytes"/> bytes arriving at <paramref name="nowNs"/>, color-blind (RFC 2698, section 3).</summary>
    public PacketColor Mark(long nowNs, int bytes)
    {
        Refill(nowNs);
        long b = bytes * Scale;
        // "If Tp(t)-B < 0, the packet is red."
        if (_tp < b)
            return PacketColor.Red;
        // "else if Tc(t)-B < 0, the packet is yellow and Tp is decremented by B."
        _tp -= b;
        if (_tc < b)
            return PacketColor.Yellow;
        // "else the packet is green and both Tp and Tc are decremented by B."
        _tc -= b;
        return PacketColor.Green;
    }

    /// <summary>Mark a packet of <paramref name="bytes"/> bytes arriving at <paramref name="nowNs"/> with pre-color <paramref name="color"/>, color-aware (RFC 2698, section 3).</summary>
    public PacketColor Mark(long nowNs, int bytes, PacketColor color)
    {
        Refill(nowNs);
        long b = bytes * Scale;
        // "If the packet has been precolored as red or if Tp(t)-B < 0, the packet is red."
        if (color == PacketColor.Red || _tp < b)
            return PacketColor.Red;
        // "else if the packet has been precolored as yellow or if Tc(t)-B < 0, the packet is yellow and Tp is decremented by B."
        // So a yellow packet never takes committed tokens and never turns green.
        _tp -= b;
        if (color == PacketColor.Yellow || _tc < b)
            return PacketColor.Yellow;
        // "else the packet is green and both Tp and Tc are decremented by B."
        _tc -= b;
        return PacketColor.Green;
    }

    private void Refill(long nowNs)
    {
        long elapsed = nowNs - _lastNs;
        // Zero for every packet after the first of a burst (same timestamp); negative if the clock stepped back.
        if (elapsed <= 0)
            return;
        _lastNs = nowNs;
        // RFC 2698: "Tp is incremented by one PIR times per second up to PBS and Tc is incremented by one CIR times per second up to CBS."
        long tc = _tc + Math.Min(elapsed, _fillCommittedNs) * _cir;
        _tc = tc > _cbs ? _cbs : tc;
        long tp = _tp + Math.Min(elapsed, _fillPeakNs) * _pir;
        _tp = tp > _pbs ? _pbs : tp;
    }
}
