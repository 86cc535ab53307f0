using Fastpath.Headers;

namespace Fastpath.Stack;

/// <summary>Answers ICMP and ICMPv6 echo requests to the host's own addresses on the fast path, in place.</summary>
/// <remarks>
/// A reply is the request with addresses swapped and the type changed, so the payload is echoed
/// without a copy. Checksums are patched per RFC 1624 rather than recomputed: swapping the source
/// and destination leaves a one's-complement sum (and so the pseudo-header part of a checksum) as
/// it was, and only the changed 16-bit words need folding in.
/// </remarks>
public static class EchoResponder
{
    /// <summary>The TTL or hop limit replies leave with (Linux's default).</summary>
    public const byte ReplyHopLimit = 64;

    /// <summary>Turn an ICMP echo request (type 8) to one of <paramref name="addresses"/> into the echo reply (type 0); false, the packet untouched, for anything else.</summary>
    public static bool TryReply(Ethernet ethernet, Ipv4 ip, Icmpv4 icmp, ReadOnlySpan<Ipv4Address> addresses)
    {
        if (icmp.Type != 8 || icmp.Code != 0 || !addresses.Contains(ip.Destination))
            return false;
        SwapMacs(ethernet);
        Ipv4Address requester = ip.Source;
        ip.Source = ip.Destination;
        ip.Destination = requester;
        // The TTL shares a 16-bit word with the protocol (RFC 791): patch the header checksum for that word.
        ushort oldWord = (ushort)(ip.Ttl << 8 | (byte)ip.Protocol);
        ip.Ttl = ReplyHopLimit;
        ip.HeaderChecksum = InternetChecksum.Update(ip.HeaderChecksum, oldWord, (ushort)(ReplyHopLimit << 8 | (byte)ip.Protocol));
        // RFC 792: type 8 becomes 0, code stays 0.
        icmp.Checksum = InternetChecksum.Update(icmp.Checksum, (ushort)0x0800, (ushort)0x0000);
        icmp.Type = 0;
        return true;
    }

    /// <summary>Turn an ICMPv6 echo request (type 128) to one of <paramref name="addresses"/> into the echo reply (type 129); false, the packet untouched, for anything else.</summary>
    public static bool TryReply(Ethernet ethernet, Ipv6 ip, Icmpv6 icmp, ReadOnlySpan<Ipv6Address> addresses)
    {
        if (icmp.Type != 128 || icmp.Code != 0 || !addresses.Contains(ip.Destination))
            return false;
        SwapMacs(ethernet);
        Ipv6Address requester = ip.Source;
        ip.Source = ip.Destination;
        ip.Destination = requester;
        ip.HopLimit = ReplyHopLimit; // not covered by any checksum
        // RFC 4443 §4.2: type 128 becomes 129; the pseudo-header sum is unchanged by the swap.
        icmp.Checksum = InternetChecksum.Update(icmp.Checksum, (ushort)(128 << 8), (ushort)(129 << 8));
        icmp.Type = 129;
        return true;
    }

    private static void SwapMacs(Ethernet ethernet)
    {
        MacAddress requester = ethernet.Source;
        ethernet.Source = ethernet.Destination;
        ethernet.Destination = requester;
    }
}
