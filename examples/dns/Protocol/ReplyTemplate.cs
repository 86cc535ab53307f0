using System.Buffers.Binary;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>A reply prepared when the zone loaded: the answer, authority and additional sections in wire format, compressed, with their counts and flags.</summary>
/// <remarks>
/// <para>
/// The sections were compressed against a <i>reference name</i> standing in the question (the query
/// name itself for an exact match; the closest encloser for a wildcard; the zone's apex for a name
/// error; the zone cut for a referral), which is always a suffix of the real question name. So at
/// answer time every compression pointer is off by the same amount, the difference of the two names'
/// lengths, and <see cref="WriteTo"/> adds it — except pointers to the whole question name (a
/// wildcard's owner), which stay at offset 12. A query costs one copy and a few adds.
/// </para>
/// </remarks>
internal sealed class ReplyTemplate
{
    public ReplyTemplate(byte[] body, int referenceNameLength, ushort[] shiftedPointers,
        ushort answers, ushort authorities, ushort additionals, byte rcode, bool authoritative)
    {
        Body = body;
        ReferenceNameLength = referenceNameLength;
        ShiftedPointers = shiftedPointers;
        AnswerCount = answers;
        AuthorityCount = authorities;
        AdditionalCount = additionals;
        Rcode = rcode;
        Authoritative = authoritative;
    }

    /// <summary>Return the sections after the question.</summary>
    public byte[] Body { get; }

    /// <summary>Return the wire length of the reference name the body was compressed against.</summary>
    public int ReferenceNameLength { get; }

    /// <summary>Return the offsets in <see cref="Body"/> of compression pointers that move with the question's length.</summary>
    public ushort[] ShiftedPointers { get; }

    /// <summary>Return the number of answer records.</summary>
    public ushort AnswerCount { get; }

    /// <summary>Return the number of authority records.</summary>
    public ushort AuthorityCount { get; }

    /// <summary>Return the number of additional records (OPT not included).</summary>
    public ushort AdditionalCount { get; }

    /// <summary>Return the RCODE (NOERROR, NXDOMAIN).</summary>
    public byte Rcode { get; }

    /// <summary>Return whether the reply is authoritative (false for a referral).</summary>
    public bool Authoritative { get; }

    /// <summary>Write the body for a question name of <paramref name="questionNameLength"/> bytes into <paramref name="destination"/> (which must hold <see cref="Body"/>), shifting pointers; return the bytes written.</summary>
    public int WriteTo(Span<byte> destination, int questionNameLength)
    {
        byte[] body = Body;
        body.CopyTo(destination);
        int delta = questionNameLength - ReferenceNameLength;
        if (delta != 0)
        {
            foreach (ushort at in ShiftedPointers)
            {
                Span<byte> pointer = destination.Slice(at, 2);
                BinaryPrimitives.WriteUInt16BigEndian(pointer, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(pointer) + delta));
            }
        }
        return body.Length;
    }
}
