using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The zeroed block an absent header view points at, so reading a field of a missing header never touches packet memory.</summary>
/// <remarks>
/// Pinned so a <c>ref</c> into it stays valid. Writes through an absent view land here: they are
/// a caller's bug, harmless to memory safety but they make later absent reads non-zero.
/// </remarks>
public static class HeaderScratch
{
    /// <summary>The size of the block: larger than any fixed header.</summary>
    public const int Size = 4096;

    private static readonly byte[] s_zeros = GC.AllocateArray<byte>(Size, pinned: true);

    /// <summary>Return the first byte of the block.</summary>
    public static ref byte Zeros => ref MemoryMarshal.GetArrayDataReference(s_zeros);
}
