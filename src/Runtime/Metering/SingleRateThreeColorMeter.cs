namespace Fastpath;

/// <summary>A single rate three color marker (srTCM, RFC 2697): a committed bucket of CBS bytes and an excess bucket of EBS bytes, filled at CIR bytes per second.</summary>
/// <remarks>
/// <para>
/// Time is passed in, in nanoseconds from any monotonic clock (<c>Stopwatch.GetTimestamp</c> is
/// nanoseconds on Linux): the worker reads the clock once per burst and marks every packet of the
/// burst with that value, so tests are deterministic and the data path makes no clock call per packet.
/// A time earlier than the last one seen adds no tokens (a clock that steps back never grants
/// tokens twice).
/// </para>
/// <para>
/// Tokens are kept in units of 10⁻⁹ byte, so that <c>elapsed ns × CIR bytes/s</c> is the exact
/// refill: one multiply, no division, no floating point and no rounding, and a fraction of a token
/// carries over to the next packet instead of being lost. RFC 2697 adds whole tokens one at a time;
/// the test <c>Tc − B ≥ 0</c> on the whole-token count equals the test on the exact count, because
/// B is whole. To keep this within 64 bits, rates are at most <see cref="MaxRate"/> and buckets at
/// most <see cref="MaxBurst"/>, and a refill is capped at the time to fill both buckets from empty.
/// </para>
/// <para>
/// An instance is not thread-safe and belongs to one worker, like its counters: a per-core meter
/// polices each core's share of the traffic (with RSS spreading flows, give each of n workers
/// CIR/n). One meter shared by every core would need an atomic update per packet on a contended
/// cache line, the cost the engine's share-nothing design avoids; where an exact aggregate rate
/// matters more than that cost, police on one core (steer the flows there) instead. Create a
/// worker's meters on the worker's thread so they are allocated near its other data.
/// </para>
/// </remarks>
public sealed class SingleRateThreeColorMeter
{
    /// <summary>The largest CIR in bytes per second (about 8.8 Tbit/s), so a refill fits in 64 bits.</summary>
    public const long MaxRate = 1L << 40;

    /// <summary>The largest CBS or EBS in bytes, so a bucket counted in 10⁻⁹ byte fits in 64 bits.</summary>
    public const long MaxBurst = int.MaxValue;

    private const long Scale = 1_000_000_000; // token units per byte: one per nanosecond of one byte per second

    private readonly long _cir;
    private readonly long _cbs; // scaled
    private readonly long _ebs; // scaled
    private readonly long _fillNs;
    private long _tc; // scaled
    private long _te; // scaled
    private long _lastNs;

    /// <summary>Create a meter with both buckets full at time <paramref name="startNs"/> (RFC 2697: "initially (at time 0) set to CBS … EBS").</summary>
    /// <param name="cir">Committed information rate, bytes per second, 1 to <see cref="MaxRate"/>.</param>
    /// <param name="cbs">Committed burst size, bytes, 0 to <see cref="MaxBurst"/>.</param>
    /// <param name="ebs">Excess burst size, bytes, 0 to <see cref="MaxBurst"/>; CBS and EBS are not both 0.</param>
    /// <param name="startNs">The time the buckets are full at, in nanoseconds.</param>
    public SingleRateThreeColorMeter(long cir, long cbs, long ebs, long startNs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cir, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cir, MaxRate);
        ArgumentOutOfRangeException.ThrowIfNegative(cbs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cbs, MaxBurst);
        ArgumentOutOfRangeException.ThrowIfNegative(ebs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ebs, MaxBurst);
        // RFC 2697 section 2: "at least one of them must be larger than 0".
        if (cbs == 0 && ebs == 0)
            throw new ArgumentException("CBS and EBS cannot both be 0 (RFC 2697, section 2)", nameof(ebs));
        CommittedRate = cir;
        CommittedBurst = cbs;
        ExcessBurst = ebs;
        _cir = cir;
        _cbs = cbs * Scale;
        _ebs = ebs * Scale;
        // Past this much idle time both buckets are full, so a longer gap adds nothing more; capping
        // the gap here keeps elapsed × CIR below (CBS + EBS) × Scale + CIR, well inside a long.
        _fillNs = (_cbs + _ebs + cir - 1) / cir;
        _tc = _cbs;
        _te = _ebs;
        _lastNs = startNs;
    }

    /// <summary>Return the committed information rate in bytes per second.</summary>
    public long CommittedRate { get; }

    /// <summary>Return the committed burst size in bytes.</summary>
    public long CommittedBurst { get; }

    /// <summary>Return the excess burst size in bytes.</summary>
    public long ExcessBurst { get; }

    /// <summary>Return the committed bucket's whole tokens (Tc) as of the last mark.</summary>
    public long CommittedTokens => _tc / Scale;

    /// <summary>Return the excess bucket's whole tokens (Te) as of the last mark.</summary>
    public long ExcessTokens => _te / Scale;

    /// <summary>Return the committed bucket in 10⁻⁹ byte, for tests that check the fraction.</summary>
    internal long CommittedScaled => _tc;

    /// <summary>Return the excess bucket in 10⁻⁹ byte, for tests that check the fraction.</summary>
    internal long ExcessScaled => _te;

    /// <summary>Mark a packet of <paramref name="bytes"/> bytes arriving at <paramref name="nowNs"/>, color-blind (RFC 2697, section 3).</summary>
    public PacketColor Mark(long nowNs, int bytes)
    {
        Refill(nowNs);
        long b = bytes * Scale;
        // "If Tc(t)-B >= 0, the packet is green and Tc is decremented by B down to the minimum value of 0."
        if (_tc >= b)
        {
            _tc -= b;
            return PacketColor.Green;
        }
        // "else if Te(t)-B >= 0, the packet is yellow and Te is decremented by B down to the minimum value of 0."
        if (_te >= b)
        {
            _te -= b;
            return PacketColor.Yellow;
        }
        // "else the packet is red and neither Tc nor Te is decremented."
        return PacketColor.Red;
    }

    /// <summary>Mark a packet of <paramref name="bytes"/> bytes arriving at <paramref name="nowNs"/> with pre-color <paramref name="color"/>, color-aware (RFC 2697, section 3).</summary>
    public PacketColor Mark(long nowNs, int bytes, PacketColor color)
    {
        Refill(nowNs);
        long b = bytes * Scale;
        // "If the packet has been precolored as green and Tc(t)-B >= 0, the packet is green and Tc is decremented by B."
        if (color == PacketColor.Green && _tc >= b)
        {
            _tc -= b;
            return PacketColor.Green;
        }
        // "else if the packet has been precolored as green or yellow and Te(t)-B >= 0, the packet is yellow and Te is decremented by B."
        // A yellow packet never takes committed tokens, so it can never turn green.
        if (color != PacketColor.Red && _te >= b)
        {
            _te -= b;
            return PacketColor.Yellow;
        }
        // "else the packet is red and neither Tc nor Te is decremented."
        return PacketColor.Red;
    }

    private void Refill(long nowNs)
    {
        long elapsed = nowNs - _lastNs;
        // Zero for every packet after the first of a burst (same timestamp); negative if the clock stepped back.
        if (elapsed <= 0)
            return;
        _lastNs = nowNs;
        if (elapsed > _fillNs)
            elapsed = _fillNs;
        // RFC 2697: "Tc is incremented by one if Tc is less than CBS, else if Te is less than EBS, Te is incremented by one":
        // the committed bucket fills first and only its overflow goes to the excess bucket.
        long tc = _tc + elapsed * _cir;
        if (tc > _cbs)
        {
            long te = _te + (tc - _cbs);
            _te = te > _ebs ? _ebs : te;
            tc = _cbs;
        }
        _tc = tc;
    }
}
