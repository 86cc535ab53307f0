using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>One slot of an exact-match hash table: the key beside its entry index, so a probe touches one cache line.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExactSlot<TKey>
    where TKey : unmanaged
{
    /// <summary>The key; meaningless when the slot is empty.</summary>
    public TKey Key;

    /// <summary>The entry index plus one; zero marks an empty slot, so a new array is all empty without being filled.</summary>
    public int IndexPlusOne;
}
