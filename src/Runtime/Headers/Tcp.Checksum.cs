namespace Fastpath.Headers;

public readonly ref partial struct Tcp
{
    /// <summary>Recompute and store the checksum over this header, its options and <paramref name="payload"/>, given the pseudo-header sum.</summary>
    public void UpdateChecksum(ulong pseudoHeaderSum, ReadOnlySpan<byte> payload)
    {
        Checksum = 0;
        Checksum = InternetChecksum.Compute(payload, InternetChecksum.Add(Bytes, pseudoHeaderSum));
    }

    /// <summary>Return whether the checksum is correct.</summary>
    public bool IsChecksumValid(ulong pseudoHeaderSum, ReadOnlySpan<byte> payload) =>
        InternetChecksum.Verify(payload, InternetChecksum.Add(Bytes, pseudoHeaderSum));
}
