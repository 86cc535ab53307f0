namespace Fastpath;

/// <summary>Where an XDP program runs.</summary>
public enum XdpMode
{
    /// <summary>In the driver, before an skb exists (veth, and NICs whose drivers support it): the fast one.</summary>
    Native,

    /// <summary>On the skb, after the stack built it: works on any interface, at kernel-socket speed.</summary>
    Generic,
}
