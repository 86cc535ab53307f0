using System.Numerics;

namespace Fastpath.Tables;

/// <summary>Turns a range into the fewest prefixes that cover exactly it, so ranges fit tuple space search as ternary patterns.</summary>
/// <remarks>
/// Why expand rather than keep a sorted interval list: with every field reduced to (value, mask)
/// pairs, one lookup structure (a hash per mask) serves every match kind and every combination of
/// fields, and a range costs nothing extra at lookup time. The price is paid at build time and in
/// memory: a w-bit range becomes at most 2w - 2 prefixes (30 for a 16-bit port range, and most
/// real port ranges need only a few).
/// </remarks>
internal static class RangeExpansion
{
    /// <summary>Append to <paramref name="into"/> the (value, mask) prefixes, in field coordinates, that together cover exactly <paramref name="low"/>..<paramref name="high"/> of a <paramref name="width"/>-bit field.</summary>
    public static void Expand(ulong low, ulong high, int width, List<(UInt128 Value, UInt128 Mask)> into)
    {
        UInt128 fieldMask = (UInt128.One << width) - 1;
        UInt128 at = low;
        while (at <= high)
        {
            // The largest aligned block starting at 'at' that does not pass 'high'.
            int size = at == 0 ? width : Math.Min(width, BitOperations.TrailingZeroCount((ulong)at));
            while (at + (UInt128.One << size) - 1 > high)
                size--;
            into.Add((at, fieldMask & ~((UInt128.One << size) - 1)));
            at += UInt128.One << size;
        }
    }

    /// <summary>Return how many prefixes <see cref="Expand"/> would produce, without producing them.</summary>
    public static int Count(ulong low, ulong high, int width)
    {
        int count = 0;
        UInt128 at = low;
        while (at <= high)
        {
            int size = at == 0 ? width : Math.Min(width, BitOperations.TrailingZeroCount((ulong)at));
            while (at + (UInt128.One << size) - 1 > high)
                size--;
            count++;
            at += UInt128.One << size;
        }
        return count;
    }
}
