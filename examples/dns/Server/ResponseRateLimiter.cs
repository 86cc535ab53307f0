using System.Buffers.Binary;
using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>Response rate limiting (RRL) as Knot and NSD do it: replies per second per client network (/24 for IPv4, /56 for IPv6) and kind of reply; over the limit, every <c>slip</c>-th reply goes out truncated (so a real client retries over TCP) and the rest are dropped.</summary>
/// <remarks>
/// <para>
/// A spoofed-source flood makes a server an amplifier against the spoofed network; RRL caps what
/// that network receives while a real client behind it still gets through over TCP. The kinds are
/// kept apart (answers, NODATA, NXDOMAIN, referrals, errors) so that a flood of one kind does not
/// starve the others, as in Knot's classes.
/// </para>
/// <para>
/// One table per worker (no sharing on the hot path), so the rate is per worker. The table is a
/// fixed array of buckets indexed by a hash; two networks that collide share a bucket, which only
/// ever limits more, never less. Per query: one hash, one bucket, a few compares, no allocation.
/// </para>
/// </remarks>
internal sealed class ResponseRateLimiter
{
    private readonly Bucket[] _buckets;
    private readonly int _mask;
    private readonly int _rate;
    private readonly int _slip;

    /// <summary>Limit each network and kind to <paramref name="ratePerSecond"/> replies a second, truncating every <paramref name="slip"/>-th reply over it (0: drop them all).</summary>
    public ResponseRateLimiter(int ratePerSecond, int slip = 2, int buckets = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(slip);
        if (buckets < 1 || (buckets & (buckets - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, "a power of two");
        _buckets = new Bucket[buckets];
        _mask = buckets - 1;
        _rate = ratePerSecond;
        _slip = slip;
    }

    /// <summary>Decide a reply of kind <paramref name="outcome"/> to <paramref name="client"/> (4 or 16 address bytes) at second <paramref name="now"/>.</summary>
    public RrlDecision Check(ReadOnlySpan<byte> client, AnswerOutcome outcome, long now)
    {
        // The client's network: the first 3 bytes of an IPv4 address, the first 7 of an IPv6 one.
        ulong network = client.Length == 4
            ? (ulong)BinaryPrimitives.ReadUInt32BigEndian(client) >> 8
            : BinaryPrimitives.ReadUInt64BigEndian(client) >> 8 | 1UL << 63;
        ulong key = network * 0x9E37_79B9_7F4A_7C15UL ^ (ulong)outcome << 56;
        ref Bucket bucket = ref _buckets[(int)(key >> 40) & _mask];
        if (bucket.Key != key || bucket.Second != now)
        {
            // A new second (or a new network in this bucket): the full rate again.
            bucket.Key = key;
            bucket.Second = now;
            bucket.Sent = 0;
            bucket.Limited = 0;
        }
        if (bucket.Sent < _rate)
        {
            bucket.Sent++;
            return RrlDecision.Send;
        }
        bucket.Limited++;
        return _slip != 0 && bucket.Limited % _slip == 0 ? RrlDecision.Slip : RrlDecision.Drop;
    }

    private struct Bucket
    {
        public ulong Key;
        public long Second;
        public int Sent;
        public int Limited;
    }
}
