namespace Fastpath.Examples.Dns.Protocol;

/// <summary>What became of one query, for the server's counters (answers by RCODE, drops by reason).</summary>
internal enum AnswerOutcome : byte
{
    /// <summary>Records in the answer section.</summary>
    Answer,

    /// <summary>The name exists without the type (NOERROR, empty answer, SOA in authority).</summary>
    NoData,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NxDomain,

    /// <summary>A delegation: NS in authority, glue in additional, AA clear.</summary>
    Referral,

    /// <summary>Outside our zones or not class IN.</summary>
    Refused,

    /// <summary>A malformed query.</summary>
    FormErr,

    /// <summary>An opcode other than QUERY.</summary>
    NotImp,

    /// <summary>An EDNS version other than 0.</summary>
    BadVers,

    /// <summary>Not answered: a response, or shorter than a header.</summary>
    Dropped,
}
