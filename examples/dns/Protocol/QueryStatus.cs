namespace Fastpath.Examples.Dns.Protocol;

/// <summary>What <see cref="QueryReader"/> found: a query to answer, an error to answer with, or a message not to answer at all.</summary>
internal enum QueryStatus : byte
{
    /// <summary>A well-formed standard query.</summary>
    Ok,

    /// <summary>Not answered, counted: shorter than a header, or a response (QR set: answering responses makes reflection loops).</summary>
    Drop,

    /// <summary>Malformed (RFC 1035 §4.1.1 FORMERR): no single question, a bad name, a truncated question, a bad OPT.</summary>
    FormErr,

    /// <summary>An opcode other than QUERY (RFC 1035: NOTIMP).</summary>
    NotImp,

    /// <summary>An EDNS version other than 0 (RFC 6891 §6.1.3: BADVERS).</summary>
    BadVers,
}
