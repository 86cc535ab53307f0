namespace Fastpath.Tables;

/// <summary>Hashes an exact-match key; implemented by a struct given as a generic argument, so the JIT inlines the hash into the lookup.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public interface IKeyHasher<TKey>
{
    /// <summary>Return a 64-bit hash of <paramref name="key"/> whose low bits are well mixed (the table masks them to pick a slot).</summary>
    static abstract ulong Hash(in TKey key);
}
