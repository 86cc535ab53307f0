namespace Fastpath.Examples.Dns.Protocol;

/// <summary>The prepared replies for one name of a zone: one per type it holds, one for any other type, one for ANY; or the referral every query at or below a zone cut gets.</summary>
internal sealed class NameAnswers
{
    public NameAnswers(ushort[] types, ReplyTemplate[] replies, ReplyTemplate noData, ReplyTemplate any, ReplyTemplate? referral)
    {
        Types = types;
        Replies = replies;
        NoData = noData;
        Any = any;
        Referral = referral;
    }

    /// <summary>Return the types with a reply of their own, beside <see cref="Replies"/>.</summary>
    public ushort[] Types { get; }

    /// <summary>Return the replies, by the index of their type in <see cref="Types"/>.</summary>
    public ReplyTemplate[] Replies { get; }

    /// <summary>Return the reply for a type the name does not hold (NODATA, or the CNAME chain's end without that type).</summary>
    public ReplyTemplate NoData { get; }

    /// <summary>Return the reply to QTYPE ANY (RFC 8482).</summary>
    public ReplyTemplate Any { get; }

    /// <summary>Return the referral, when the name is at or below a zone cut (then it answers every query here).</summary>
    public ReplyTemplate? Referral { get; }

    /// <summary>Return the wildcard below this name (<c>*.name</c>), prepared for queries of names this one closest-encloses.</summary>
    public NameAnswers? Wildcard { get; set; }

    /// <summary>Return the reply for <paramref name="type"/>: a name holds a handful of types, so a scan beats a hash.</summary>
    public ReplyTemplate For(ushort type)
    {
        if (type == 255)
            return Any;
        ushort[] types = Types;
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i] == type)
                return Replies[i];
        }
        return NoData;
    }
}
