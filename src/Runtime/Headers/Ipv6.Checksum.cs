namespace Fastpath.Headers;

public readonly ref partial struct Ipv6
{
    /// <summary>Return the unfolded pseudo-header sum for an upper-layer segment of <paramref name="length"/> bytes with <paramref name="nextHeader"/> (RFC 8200 §8.1: the final protocol, after extension headers).</summary>
    public ulong PseudoHeaderSum(IpProtocol nextHeader, int length) =>
        InternetChecksum.PseudoHeader(Source, Destination, (byte)nextHeader, length);
}
