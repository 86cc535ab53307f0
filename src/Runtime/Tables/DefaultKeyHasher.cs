using System.Runtime.CompilerServices;

namespace Fastpath.Tables;

/// <summary>Hashes any unmanaged key by its bytes: a key of 1, 2, 4 or 8 bytes is one finalizer; longer keys are folded 8 bytes at a time.</summary>
/// <remarks>
/// The size tests are on <c>Unsafe.SizeOf&lt;TKey&gt;()</c>, a constant for each struct key type, so
/// the JIT keeps only the branch that applies. The hash reads every byte of the key, padding
/// included: a key struct with padding must be built with its padding zeroed (for instance by
/// starting from <c>default</c>), or given its own hasher that reads only the fields.
/// </remarks>
public readonly struct DefaultKeyHasher<TKey> : IKeyHasher<TKey>
    where TKey : unmanaged
{
    /// <summary>Return the hash of <paramref name="key"/>'s bytes.</summary>
    public static ulong Hash(in TKey key)
    {
        ref byte p = ref Unsafe.As<TKey, byte>(ref Unsafe.AsRef(in key));
        int size = Unsafe.SizeOf<TKey>();
        if (size == 1)
            return Mix.Finalize(p);
        if (size == 2)
            return Mix.Finalize(Unsafe.ReadUnaligned<ushort>(ref p));
        if (size == 4)
            return Mix.Finalize(Unsafe.ReadUnaligned<uint>(ref p));
        if (size == 8)
            return Mix.Finalize(Unsafe.ReadUnaligned<ulong>(ref p));

        ulong h = Mix.Seed ^ (ulong)size;
        int i = 0;
        for (; i + 8 <= size; i += 8)
            h = Mix.Combine(h, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        if (i < size)
        {
            ulong tail = 0;
            for (int j = size - 1; j >= i; j--)
                tail = (tail << 8) | Unsafe.Add(ref p, j);
            h = Mix.Combine(h, tail);
        }
        return Mix.Finalize(h);
    }
}
