namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Numbers from the DNS RFCs that the query path uses.</summary>
internal static class DnsConstants
{
    /// <summary>The fixed header's length (RFC 1035 §4.1.1).</summary>
    public const int HeaderLength = 12;

    /// <summary>The longest name in wire format (RFC 1035 §2.3.4).</summary>
    public const int MaxNameLength = 255;

    /// <summary>The longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The largest reply without EDNS (RFC 1035 §4.2.1).</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>The EDNS UDP payload size this server offers and caps replies at: the DNS flag day 2020 value, which fits an IPv6 minimum MTU with no fragmentation.</summary>
    public const int ServerUdpSize = 1232;

    /// <summary>The OPT pseudo-RR type (RFC 6891).</summary>
    public const ushort TypeOpt = 41;

    /// <summary>Response codes (RFC 1035, 6891).</summary>
    public const byte NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5;

    /// <summary>BADVERS, the extended RCODE 16 (RFC 6891 §6.1.3): 1 in the OPT's extended-RCODE byte, 0 in the header.</summary>
    public const int BadVers = 16;
}
