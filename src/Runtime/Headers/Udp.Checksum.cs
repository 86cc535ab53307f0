namespace Fastpath.Headers;

public readonly ref partial struct Udp
{
    /// <summary>Recompute and store the checksum over this header and <paramref name="payload"/>, given the pseudo-header sum from the IP header.</summary>
    /// <remarks>A computed 0 is sent as 0xFFFF, since 0 means "no checksum" (RFC 768).</remarks>
    public void UpdateChecksum(ulong pseudoHeaderSum, ReadOnlySpan<byte> payload)
    {
        Checksum = 0;
        ushort sum = InternetChecksum.Compute(payload, InternetChecksum.Add(Bytes, pseudoHeaderSum));
        Checksum = sum == 0 ? (ushort)0xFFFF : sum;
    }

    /// <summary>Return whether the checksum is correct, or absent (0, allowed over IPv4 only).</summary>
    public bool IsChecksumValid(ulong pseudoHeaderSum, ReadOnlySpan<byte> payload) =>
        Checksum == 0 || InternetChecksum.Verify(payload, InternetChecksum.Add(Bytes, pseudoHeaderSum));
}
