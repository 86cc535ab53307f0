using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fastpath;

/// <summary>The Internet checksum (RFC 1071): a one's-complement sum of 16-bit words, vectorized, with RFC 1624 incremental update.</summary>
/// <remarks>
/// The one's-complement sum does not depend on byte order (RFC 1071 §2(B)), so words are summed
/// as the host reads them and the folded result is swapped once at the end. That lets the loop
/// widen 16 words at a time into 32-bit lanes with Vector256 instead of swapping each word.
/// </remarks>
public static class InternetChecksum
{
    /// <summary>Add the 16-bit big-endian words of <paramref name="data"/> to <paramref name="sum"/>, unfolded; an odd last byte is padded with zero.</summary>
    /// <remarks>To sum a message in pieces, every piece but the last must have an even length.</remarks>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum = 0)
    {
        ulong native = 0;
        ref byte p = ref MemoryMarshal.GetReference(data);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= 64)
        {
            // Each 32-byte step adds at most 2 × 0xFFFF to a 32-bit lane, so spill lanes to the 64-bit total every 16 KiB.
            while (data.Length - i >= 32)
            {
                var acc = Vector256<uint>.Zero;
                int stop = Math.Min(data.Length - 31, i + 16384);
                for (; i < stop; i += 32)
                {
                    var words = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i)).AsUInt16();
                    (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(words);
                    acc += lo + hi;
                }
                native += Vector256.Sum(Vector256.WidenLower(acc)) + Vector256.Sum(Vector256.WidenUpper(acc));
            }
        }
        for (; data.Length - i >= 8; i += 8)
        {
            ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i));
            native += (w & 0xFFFF) + ((w >> 16) & 0xFFFF) + ((w >> 32) & 0xFFFF) + (w >> 48);
        }
        for (; data.Length - i >= 2; i += 2)
            native += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, i));
        if (i < data.Length)
            native += BitConverter.IsLittleEndian ? Unsafe.Add(ref p, i) : (ulong)Unsafe.Add(ref p, i) << 8;
        ushort folded = Fold(native);
        return sum + (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded);
    }

    /// <summary>Fold a running sum to 16 bits with end-around carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Fold(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>Return the checksum to store for <paramref name="data"/> (whose checksum field is zero), plus a partial <paramref name="sum"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, ulong sum = 0) => (ushort)~Fold(Add(data, sum));

    /// <summary>Return whether <paramref name="data"/>, checksum field included, sums to all ones.</summary>
    public static bool Verify(ReadOnlySpan<byte> data, ulong sum = 0) => Fold(Add(data, sum)) == 0xFFFF;

    /// <summary>Update a stored checksum after a 16-bit word changed from <paramref name="oldWord"/> to <paramref name="newWord"/>: RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord) =>
        (ushort)~Fold((ulong)(ushort)~checksum + (ushort)~oldWord + newWord);

    /// <summary>Update a stored checksum after a 32-bit value (an IPv4 address) changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Update(ushort checksum, uint oldValue, uint newValue) =>
        (ushort)~Fold((ulong)(ushort)~checksum + (ushort)~(oldValue >> 16) + (ushort)~oldValue + (newValue >> 16) + (newValue & 0xFFFF));

    /// <summary>Return the unfolded sum of the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1).</summary>
    public static ulong PseudoHeader(Ipv4Address source, Ipv4Address destination, byte protocol, int length) =>
        (ulong)(source.Value >> 16) + (source.Value & 0xFFFF) + (destination.Value >> 16) + (destination.Value & 0xFFFF) + protocol + (uint)length;

    /// <summary>Return the unfolded sum of the IPv6 pseudo-header (RFC 8200 §8.1).</summary>
    public static ulong PseudoHeader(Ipv6Address source, Ipv6Address destination, byte nextHeader, int length) =>
        Words(source.High) + Words(source.Low) + Words(destination.High) + Words(destination.Low) + nextHeader + (uint)length;

    private static ulong Words(ulong v) => (v >> 48) + ((v >> 32) & 0xFFFF) + ((v >> 16) & 0xFFFF) + (v & 0xFFFF);
}
