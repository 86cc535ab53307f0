using System.Buffers.Binary;
using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Reads a DNS query from a UDP payload on the hot path: header checks, the question's name case-folded into a caller's buffer, EDNS from the OPT record.</summary>
/// <remarks>
/// Hand-written rather than a general message parser: a query is a header, one question and at most
/// one OPT record, and each check here is a reason a real server refuses one (RFC 1035 §4.1, RFC 6891).
/// Nothing allocates and nothing reads past <c>message</c>: every read is after a length check.
/// </remarks>
internal static class QueryReader
{
    /// <summary>Read <paramref name="message"/>; on <see cref="QueryStatus.Ok"/> (and on errors that still have a question) <paramref name="lowerName"/> holds the QNAME in wire format, ASCII letters lower-cased.</summary>
    public static QueryStatus Read(ReadOnlySpan<byte> message, Span<byte> lowerName, out Query query)
    {
        query = default;
        if (message.Length < DnsConstants.HeaderLength)
            return QueryStatus.Drop;
        query.Id = BinaryPrimitives.ReadUInt16BigEndian(message);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((query.Flags & 0x8000) != 0)
            return QueryStatus.Drop; // never answer a response
        ushort qdCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        ushort anCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        ushort nsCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        ushort arCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);

        // The question is read even for NOTIMP, so that the reply can echo it as servers do.
        bool questionRead = qdCount == 1 && ReadQuestion(message, lowerName, ref query);
        if (query.Opcode != 0)
            return QueryStatus.NotImp;
        if (!questionRead || anCount != 0 || nsCount != 0)
            return QueryStatus.FormErr;

        int at = query.QuestionEnd;
        // Additional section: at most one OPT (RFC 6891 §6.1.1); other records are skipped.
        bool sawOpt = false;
        for (int i = 0; i < arCount; i++)
        {
            int nameEnd = SkipName(message, at);
            if (nameEnd < 0 || nameEnd + 10 > message.Length)
                return QueryStatus.FormErr;
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[nameEnd..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(nameEnd + 8)..]);
            int end = nameEnd + 10 + rdLength;
            if (end > message.Length)
                return QueryStatus.FormErr;
            if (type == DnsConstants.TypeOpt)
            {
                // An OPT is owned by the root and appears once.
                if (sawOpt || nameEnd != at + 1)
                    return QueryStatus.FormErr;
                sawOpt = true;
                query.Edns = true;
                query.UdpSize = Math.Max(BinaryPrimitives.ReadUInt16BigEndian(message[(nameEnd + 2)..]), (ushort)DnsConstants.ClassicUdpSize);
                query.EdnsVersion = message[nameEnd + 5];
            }
            at = end;
        }
        // Bytes after the last record are garbage a well-formed query does not have.
        if (at != message.Length)
            return QueryStatus.FormErr;
        return query.Edns && query.EdnsVersion != 0 ? QueryStatus.BadVers : QueryStatus.Ok;
    }

    // QNAME without compression (a question has nothing before it to point to), each label 1..63, 255 in all.
    private static bool ReadQuestion(ReadOnlySpan<byte> message, Span<byte> lowerName, ref Query query)
    {
        int at = DnsConstants.HeaderLength;
        int length = 0;
        while (true)
        {
            if (at >= message.Length)
                return false;
            byte label = message[at];
            if (label == 0)
                break;
            if (label > DnsConstants.MaxLabelLength)
                return false; // a pointer (0xC0) or a reserved label type
            if (length + 1 + label + 1 > DnsConstants.MaxNameLength || at + 1 + label > message.Length)
                return false;
            lowerName[length++] = label;
            // RFC 4343: ASCII letters compare without case; other bytes as they are.
            DnsName.FoldCase(message.Slice(at + 1, label), lowerName.Slice(length, label));
            length += label;
            at += 1 + label;
        }
        lowerName[length++] = 0;
        at++;
        if (at + 4 > message.Length)
            return false;
        query.NameLength = length;
        query.Type = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
        query.Class = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        return true;
    }

    // Skips a name in the additional section, where compression is allowed: labels, then a zero or one pointer.
    private static int SkipName(ReadOnlySpan<byte> message, int at)
    {
        int total = 0;
        while (at < message.Length)
        {
            byte label = message[at];
            if (label == 0)
                return at + 1;
            if ((label & 0xC0) == 0xC0)
                return at + 2 <= message.Length ? at + 2 : -1;
            if (label > DnsConstants.MaxLabelLength || (total += label + 1) > DnsConstants.MaxNameLength)
                return -1;
            at += 1 + label;
        }
        return -1;
    }
}
