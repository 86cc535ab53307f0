namespace Fastpath.Examples.Dns.Zones;

/// <summary>A resource record CLASS (RFC 1035 §3.2.4); any other 16-bit value is allowed and written <c>CLASSnnn</c> (RFC 3597 §5).</summary>
public enum RecordClass : ushort
{
    /// <summary>The Internet.</summary>
    IN = 1,
    /// <summary>CSNET, obsolete.</summary>
    CS = 2,
    /// <summary>Chaos.</summary>
    CH = 3,
    /// <summary>Hesiod.</summary>
    HS = 4,
    /// <summary>None (RFC 2136, dynamic update only); never in a zone.</summary>
    NONE = 254,
    /// <summary>Any class (RFC 1035 "*"), a question class only.</summary>
    ANY = 255,
}
