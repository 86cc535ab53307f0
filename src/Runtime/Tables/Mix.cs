using System.Numerics;

namespace Fastpath.Tables;

/// <summary>The 64-bit hash mixing the exact and ternary tables share: multiply, rotate, xor-shift; no allocation, no call.</summary>
internal static class Mix
{
    // Odd 64-bit constants with well-spread bits (the golden ratio and the primes xxHash64 uses for its rounds).
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15;
    private const ulong Round1 = 0x9E37_79B1_85EB_CA87;
    private const ulong Round2 = 0xC2B2_AE3D_27D4_EB4F;

    /// <summary>The starting state for keys of several words.</summary>
    public const ulong Seed = Golden;

    /// <summary>Fold one 64-bit word into the running state (an xxHash64-style round).</summary>
    public static ulong Combine(ulong state, ulong word) => BitOperations.RotateLeft(state ^ (word * Round1), 31) * Round2;

    /// <summary>Spread every input bit over the whole result (Murmur3's 64-bit finalizer), so that masking the low bits picks a good bucket.</summary>
    public static ulong Finalize(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51_AFD7_ED55_8CCD;
        h ^= h >> 33;
        h *= 0xC4CE_B9FE_1A85_EC53;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Hash a 128-bit value to <c>64 - shift</c> bits by multiply-shift: the high bits of a product depend on every bit of the multiplicand, so they need no finalizer.</summary>
    /// <remarks>Two multiplies instead of the four of Combine-and-Finalize: tuple space search hashes once per mask group, so this is much of a group's cost.</remarks>
    public static int MultiplyShift(UInt128 value, int shift) =>
        (int)((((ulong)value) ^ BitOperations.RotateLeft((ulong)(value >> 64) * Round2, 32)) * Golden >> shift);
}
