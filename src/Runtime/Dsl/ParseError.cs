namespace Fastpath;

/// <summary>Why a parser rejected a packet; callers count these instead of catching anything.</summary>
public enum ParseError : byte
{
    /// <summary>The packet was accepted.</summary>
    None = 0,

    /// <summary>A header is longer than the bytes left.</summary>
    Truncated,

    /// <summary>A length field is smaller than its header or larger than the packet.</summary>
    BadLength,

    /// <summary>A version field holds an unexpected value.</summary>
    BadVersion,

    /// <summary>A field checked by <see cref="ExpectAttribute"/> holds an unexpected value.</summary>
    BadField,

    /// <summary>The parse graph reached <see cref="Reject"/>.</summary>
    Rejected,

    /// <summary>A header stack held more headers than its declared depth.</summary>
    StackOverflow,
}
