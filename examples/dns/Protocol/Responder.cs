using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Answers queries from prepared replies, writing each reply over its query: parse, one lookup per label until a name is found, one copy, a few patches.</summary>
/// <remarks>
/// <para>
/// Immutable once built: a zone reload builds a new responder beside this one and the workers pick it
/// up between bursts. <see cref="Answer"/> allocates nothing, throws nothing on any input, and never
/// reads or writes outside the spans it is given.
/// </para>
/// <para>
/// The reply is written in place: its header and question are the query's (with flags and counts
/// changed), and the prepared sections go after the question, over the query's OPT record, which has
/// been read by then.
/// </para>
/// </remarks>
internal sealed class Responder
{
    private const int OptLength = 11;
    private readonly Dictionary<DnsName, ZoneAnswers> _zones;
    private readonly Dictionary<DnsName, ZoneAnswers>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public Responder(IEnumerable<ZoneAnswers> zones)
    {
        _zones = new Dictionary<DnsName, ZoneAnswers>(DnsNameComparer.Instance);
        foreach (ZoneAnswers zone in zones)
            _zones.Add(zone.Apex, zone);
        _lookup = _zones.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Return the zones, by apex.</summary>
    public IReadOnlyCollection<ZoneAnswers> Zones => _zones.Values;

    /// <summary>
    /// Answer the query in the first <paramref name="length"/> bytes of <paramref name="message"/> (a UDP payload;
    /// the rest of the span is room for the reply). Return the reply's length, or 0 for a message not to be answered;
    /// <paramref name="outcome"/> says which case it was, for counters. Over TCP (<paramref name="overTcp"/>) a reply may be
    /// as long as the span allows; over UDP it is cut to the requester's size with TC set.
    /// </summary>
    [SkipLocalsInit]
    public int Answer(Span<byte> message, int length, out AnswerOutcome outcome, bool overTcp = false)
    {
        Span<byte> name = stackalloc byte[DnsConstants.MaxNameLength];
        QueryStatus status = QueryReader.Read(message[..length], name, out Query query);
        switch (status)
        {
            case QueryStatus.Drop:
                outcome = AnswerOutcome.Dropped;
                return 0;
            case QueryStatus.FormErr:
                outcome = AnswerOutcome.FormErr;
                return WriteError(message, ref query, DnsConstants.FormErr);
            case QueryStatus.NotImp:
                outcome = AnswerOutcome.NotImp;
                return WriteError(message, ref query, DnsConstants.NotImp);
            case QueryStatus.BadVers:
                outcome = AnswerOutcome.BadVers;
                return WriteError(message, ref query, DnsConstants.BadVers);
        }
        name = name[..query.NameLength];

        // The zone: the longest apex that is a suffix of the name (one lookup per label, longest first).
        ZoneAnswers? zone = null;
        int zoneAt = 0;
        while (true)
        {
            if (_lookup.TryGetValue(name[zoneAt..], out zone))
                break;
            if (name[zoneAt] == 0)
                break;
            zoneAt += name[zoneAt] + 1;
        }
        if (zone is null || query.Class != 1)
        {
            // Not ours (or not class IN): REFUSED, as NSD and Knot answer outside their zones.
            outcome = AnswerOutcome.Refused;
            return WriteError(message, ref query, DnsConstants.Refused);
        }

        // The closest encloser: the longest suffix of the name the zone holds; the apex always is one.
        ReplyTemplate reply;
        int at = 0;
        NameAnswers? found = null;
        while (at <= zoneAt && !zone.TryGet(name[at..], out found))
            at += name[at] + 1;
        if (found is null)
        {
            reply = zone.NameError;
        }
        else if (found.Referral is { } referral)
        {
            reply = referral;
        }
        else if (at == 0)
        {
            reply = found.For(query.Type);
        }
        else if (found.Wildcard is { } wildcard)
        {
            // RFC 4592: the closest encloser has a wildcard child, which answers as if it were the name.
            reply = wildcard.For(query.Type);
        }
        else
        {
            reply = zone.NameError;
        }
        outcome = reply.Rcode == DnsConstants.NxDomain ? AnswerOutcome.NxDomain
            : !reply.Authoritative ? AnswerOutcome.Referral
            : reply.AnswerCount == 0 ? AnswerOutcome.NoData
            : AnswerOutcome.Answer;
        return WriteReply(message, ref query, reply, overTcp ? ushort.MaxValue : query.ReplyLimit);
    }

    /// <summary>Cut the reply in the first <paramref name="length"/> bytes of <paramref name="message"/> to its header and question with TC set (a slipped reply under rate limiting); return its new length.</summary>
    public static int Truncate(Span<byte> message, int length)
    {
        int at = DnsConstants.HeaderLength;
        // The question was written by Answer, so its name is plain labels; the bound check keeps a bug from reading past the reply.
        while (at < length && message[at] != 0)
            at += message[at] + 1;
        int end = at + 1 + 4;
        if (end > length)
            return length;
        message[2] |= 0x02; // TC
        message[6..12].Clear(); // no answer, authority or additional records (the OPT goes too)
        return end;
    }

    private static int WriteReply(Span<byte> message, ref Query query, ReplyTemplate reply, int limit)
    {
        int questionEnd = query.QuestionEnd;
        int total = questionEnd + reply.Body.Length + (query.Edns ? OptLength : 0);
        if (total > limit || total > message.Length)
        {
            // RFC 1035 §4.2.1 / RFC 2181 §9: too big for the requester: TC, and it retries over TCP.
            WriteHeader(message, ref query, DnsConstants.NoError, reply.Authoritative, truncated: true, 0, 0, 0);
            return questionEnd + WriteOpt(message[questionEnd..], ref query, 0);
        }
        WriteHeader(message, ref query, reply.Rcode, reply.Authoritative, truncated: false, reply.AnswerCount, reply.AuthorityCount, reply.AdditionalCount);
        int end = questionEnd + reply.WriteTo(message[questionEnd..], query.NameLength);
        return end + WriteOpt(message[end..], ref query, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteError(Span<byte> message, ref Query query, int rcode)
    {
        // The question is echoed when it was read whole; else the reply is the header alone.
        int end = query.NameLength > 0 ? query.QuestionEnd : DnsConstants.HeaderLength;
        bool edns = query.Edns || rcode == DnsConstants.BadVers;
        if (end + (edns ? OptLength : 0) > message.Length)
            return 0;
        WriteHeader(message, ref query, (byte)(rcode & 0xF), authoritative: false, truncated: false, 0, 0, 0);
        if (query.NameLength == 0)
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], 0);
        query.Edns = edns;
        return end + WriteOpt(message[end..], ref query, rcode >> 4);
    }

    private static void WriteHeader(Span<byte> message, ref Query query, byte rcode, bool authoritative, bool truncated, ushort answers, ushort authorities, ushort additionals)
    {
        // QR, the query's opcode, AA, TC, RD and CD copied, RA clear (not a resolver), the RCODE.
        int flags = 0x8000 | (query.Flags & 0x7800) | (authoritative ? 0x0400 : 0) | (truncated ? 0x0200 : 0)
            | (query.Flags & 0x0100) | (query.Flags & 0x0010) | rcode;
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(message[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], answers);
        BinaryPrimitives.WriteUInt16BigEndian(message[8..], authorities);
        BinaryPrimitives.WriteUInt16BigEndian(message[10..], (ushort)(additionals + (query.Edns ? 1 : 0)));
    }

    // RFC 6891 §6.1.2: root owner, type OPT, our UDP size as class, extended RCODE and version 0 in the TTL, no options.
    private static int WriteOpt(Span<byte> destination, ref Query query, int extendedRcode)
    {
        if (!query.Edns)
            return 0;
        destination[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], DnsConstants.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], DnsConstants.ServerUdpSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)extendedRcode << 24);
        BinaryPrimitives.WriteUInt16BigEndian(destination[9..], 0);
        return OptLength;
    }
}
