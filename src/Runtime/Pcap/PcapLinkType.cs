namespace Fastpath;

/// <summary>A link-layer header type (LINKTYPE_*) as stored in pcap and pcapng files; values not named here are kept as they are.</summary>
public enum PcapLinkType
{
    /// <summary>BSD loopback: a 4-byte protocol family in host order.</summary>
    Null = 0,

    /// <summary>Ethernet II / 802.3.</summary>
    Ethernet = 1,

    /// <summary>Raw IPv4 or IPv6, no link header.</summary>
    Raw = 101,

    /// <summary>IEEE 802.11 wireless.</summary>
    Ieee80211 = 105,

    /// <summary>Linux "cooked" capture v1.</summary>
    LinuxSll = 113,

    /// <summary>Linux "cooked" capture v2.</summary>
    LinuxSll2 = 276,
}
