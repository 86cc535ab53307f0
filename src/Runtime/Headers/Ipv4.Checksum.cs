namespace Fastpath.Headers;

public readonly ref partial struct Ipv4
{
    /// <summary>Return whether the header checksum is correct (RFC 791: the sum over the header, options included, is all ones).</summary>
    public bool IsChecksumValid => InternetChecksum.Verify(Bytes);

    /// <summary>Recompute and store the header checksum.</summary>
    public void UpdateChecksum()
    {
        HeaderChecksum = 0;
        HeaderChecksum = InternetChecksum.Compute(Bytes);
    }

    /// <summary>Decrement the TTL and patch the checksum incrementally (RFC 1624), as a router does; false when the TTL was already 0 or 1.</summary>
    public bool TryDecrementTtl()
    {
        byte ttl = Ttl;
        if (ttl <= 1)
            return false;
        // TTL is the high byte of the word it shares with Protocol.
        ushort oldWord = (ushort)(ttl << 8 | (byte)Protocol);
        Ttl = (byte)(ttl - 1);
        HeaderChecksum = InternetChecksum.Update(HeaderChecksum, oldWord, (ushort)(oldWord - 0x100));
        return true;
    }

    /// <summary>Return the unfolded pseudo-header sum for an upper-layer segment of <paramref name="length"/> bytes.</summary>
    public ulong PseudoHeaderSum(int length) => InternetChecksum.PseudoHeader(Source, Destination, (byte)Protocol, length);
}
