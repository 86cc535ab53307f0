namespace Fastpath.Examples.Dns.Zones;

/// <summary>A resource record TYPE (IANA "Resource Record (RR) TYPEs"); any other 16-bit value is allowed and written <c>TYPEnnn</c> (RFC 3597 §5).</summary>
public enum RecordType : ushort
{
    /// <summary>An IPv4 address (RFC 1035).</summary>
    A = 1,
    /// <summary>An authoritative name server (RFC 1035).</summary>
    NS = 2,
    /// <summary>A mail destination, obsolete (RFC 1035).</summary>
    MD = 3,
    /// <summary>A mail forwarder, obsolete (RFC 1035).</summary>
    MF = 4,
    /// <summary>The canonical name of an alias (RFC 1035).</summary>
    CNAME = 5,
    /// <summary>The start of a zone of authority (RFC 1035).</summary>
    SOA = 6,
    /// <summary>A mailbox domain name (RFC 1035).</summary>
    MB = 7,
    /// <summary>A mail group member (RFC 1035).</summary>
    MG = 8,
    /// <summary>A mail rename domain name (RFC 1035).</summary>
    MR = 9,
    /// <summary>Opaque data (RFC 1035).</summary>
    NULL = 10,
    /// <summary>A well-known service description (RFC 1035).</summary>
    WKS = 11,
    /// <summary>A domain name pointer (RFC 1035).</summary>
    PTR = 12,
    /// <summary>Host information: CPU and OS (RFC 1035, RFC 8482).</summary>
    HINFO = 13,
    /// <summary>Mailbox or mail list information (RFC 1035).</summary>
    MINFO = 14,
    /// <summary>A mail exchange (RFC 1035).</summary>
    MX = 15,
    /// <summary>Text strings (RFC 1035).</summary>
    TXT = 16,
    /// <summary>A responsible person (RFC 1183).</summary>
    RP = 17,
    /// <summary>An AFS database location (RFC 1183).</summary>
    AFSDB = 18,
    /// <summary>A security signature, obsolete (RFC 2535).</summary>
    SIG = 24,
    /// <summary>A security key, obsolete (RFC 2535).</summary>
    KEY = 25,
    /// <summary>An IPv6 address (RFC 3596).</summary>
    AAAA = 28,
    /// <summary>A location (RFC 1876).</summary>
    LOC = 29,
    /// <summary>A server selection record (RFC 2782).</summary>
    SRV = 33,
    /// <summary>A naming authority pointer (RFC 3403).</summary>
    NAPTR = 35,
    /// <summary>A key exchanger (RFC 2230).</summary>
    KX = 36,
    /// <summary>A certificate (RFC 4398).</summary>
    CERT = 37,
    /// <summary>A redirection of a subtree (RFC 6672).</summary>
    DNAME = 39,
    /// <summary>The EDNS(0) pseudo-record (RFC 6891); never in a zone.</summary>
    OPT = 41,
    /// <summary>An address prefix list (RFC 3123).</summary>
    APL = 42,
    /// <summary>A delegation signer (RFC 4034).</summary>
    DS = 43,
    /// <summary>An SSH key fingerprint (RFC 4255).</summary>
    SSHFP = 44,
    /// <summary>IPsec keying material (RFC 4025).</summary>
    IPSECKEY = 45,
    /// <summary>A DNSSEC signature (RFC 4034).</summary>
    RRSIG = 46,
    /// <summary>The next secure record (RFC 4034).</summary>
    NSEC = 47,
    /// <summary>A DNSSEC public key (RFC 4034).</summary>
    DNSKEY = 48,
    /// <summary>A DHCP identifier (RFC 4701).</summary>
    DHCID = 49,
    /// <summary>The hashed next secure record (RFC 5155).</summary>
    NSEC3 = 50,
    /// <summary>NSEC3 parameters (RFC 5155).</summary>
    NSEC3PARAM = 51,
    /// <summary>A TLS certificate association (RFC 6698).</summary>
    TLSA = 52,
    /// <summary>An S/MIME certificate association (RFC 8162).</summary>
    SMIMEA = 53,
    /// <summary>A host identity protocol record (RFC 8005).</summary>
    HIP = 55,
    /// <summary>A child DS (RFC 7344).</summary>
    CDS = 59,
    /// <summary>A child DNSKEY (RFC 7344).</summary>
    CDNSKEY = 60,
    /// <summary>An OpenPGP key (RFC 7929).</summary>
    OPENPGPKEY = 61,
    /// <summary>A child-to-parent synchronisation record (RFC 7477).</summary>
    CSYNC = 62,
    /// <summary>A zone message digest (RFC 8976).</summary>
    ZONEMD = 63,
    /// <summary>A service binding (RFC 9460).</summary>
    SVCB = 64,
    /// <summary>An HTTPS service binding (RFC 9460).</summary>
    HTTPS = 65,
    /// <summary>Sender Policy Framework text, obsolete (RFC 7208).</summary>
    SPF = 99,
    /// <summary>A transaction key (RFC 2930); a meta type.</summary>
    TKEY = 249,
    /// <summary>A transaction signature (RFC 8945); a meta type.</summary>
    TSIG = 250,
    /// <summary>An incremental zone transfer (RFC 1995); a question type only.</summary>
    IXFR = 251,
    /// <summary>A full zone transfer (RFC 5936); a question type only.</summary>
    AXFR = 252,
    /// <summary>Mailbox-related records (RFC 1035); a question type only.</summary>
    MAILB = 253,
    /// <summary>Mail agent records, obsolete (RFC 1035); a question type only.</summary>
    MAILA = 254,
    /// <summary>Any records (RFC 1035 "*", answered per RFC 8482); a question type only.</summary>
    ANY = 255,
    /// <summary>A URI (RFC 7553).</summary>
    URI = 256,
    /// <summary>A certification authority authorization (RFC 8659).</summary>
    CAA = 257,
}
