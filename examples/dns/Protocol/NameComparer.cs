using System.Runtime.InteropServices;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Compares case-folded wire-format names as byte arrays, and looks them up by span without allocating (a <see cref="Dictionary{TKey, TValue}"/> alternate lookup).</summary>
/// <remarks>The hash folds eight bytes at a time with a multiply and a rotate: names are short, so this beats a general-purpose hash's setup cost.</remarks>
internal sealed class NameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    /// <summary>The one instance.</summary>
    public static readonly NameComparer Instance = new();

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    /// <inheritdoc/>
    public int GetHashCode(byte[] name) => Hash(name);

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <inheritdoc/>
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>Return the hash of a name's bytes.</summary>
    public static int Hash(ReadOnlySpan<byte> name)
    {
        ulong h = 0x9E37_79B9_7F4A_7C15UL ^ (ulong)name.Length;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(name);
        foreach (ulong w in words)
            h = ulong.RotateLeft((h ^ w) * 0xBF58_476D_1CE4_E5B9UL, 31);
        ulong tail = 0;
        for (int i = words.Length * 8; i < name.Length; i++)
            tail = tail << 8 | name[i];
        h = (h ^ tail) * 0x94D0_49BB_1331_11EBUL;
        return (int)(h ^ (h >> 32));
    }
}
