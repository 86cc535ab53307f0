using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tables;

/// <summary>An immutable exact-match table: open addressing with linear probing over a power-of-two array, at most half full.</summary>
/// <remarks>
/// Linear probing because the next slot is usually in the same cache line, and at a load factor of at
/// most 0.5 a hit takes about 1.5 probes and a miss about 2.5 on average. The hasher is a struct type
/// argument and the key's <see cref="IEquatable{T}.Equals(T)"/> is called on a struct, so the JIT
/// specializes the probe loop per key type: no virtual call and no allocation per lookup.
/// </remarks>
public sealed class ExactSnapshot<TKey, TValue, THasher>
    where TKey : unmanaged, IEquatable<TKey>
    where TValue : struct
    where THasher : struct, IKeyHasher<TKey>
{
    private readonly ExactSlot<TKey>[] _slots;
    private readonly int _mask;
    private readonly TValue[] _values;

    internal ExactSnapshot(int slotCount)
        : this(new ExactSlot<TKey>[slotCount], [], 0)
    {
    }

    private ExactSnapshot(ExactSlot<TKey>[] slots, TValue[] values, int count)
    {
        _slots = slots;
        _mask = slots.Length - 1;
        _values = values;
        Count = count;
    }

    /// <summary>Return the number of keys installed.</summary>
    public int Count { get; }

    /// <summary>Return the number of slots (a power of two, at least twice the table's capacity).</summary>
    public int SlotCount => _slots.Length;

    /// <summary>Return the values by entry index; only indices that lookups return hold installed values.</summary>
    public ReadOnlySpan<TValue> Values => _values;

    /// <summary>Find <paramref name="key"/>; <paramref name="index"/> is its entry index, or -1 when it is not installed.</summary>
    public bool Lookup(in TKey key, out int index)
    {
        // The slot array is never full (load at most 0.5), so the probe always ends at an empty slot;
        // the index is masked, so reading without a bounds check stays inside the array.
        ref ExactSlot<TKey> slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        int mask = _mask;
        int i = (int)THasher.Hash(in key) & mask;
        while (true)
        {
            ref ExactSlot<TKey> slot = ref Unsafe.Add(ref slots, i);
            if (slot.IndexPlusOne == 0)
            {
                index = -1;
                return false;
            }
            if (slot.Key.Equals(key))
            {
                index = slot.IndexPlusOne - 1;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>Look up every key of <paramref name="keys"/>, writing each entry index (or -1) to <paramref name="indices"/> at the same position.</summary>
    public void LookupBurst(ReadOnlySpan<TKey> keys, Span<int> indices)
    {
        if (indices.Length < keys.Length)
            ThrowShortIndices();
        for (int i = 0; i < keys.Length; i++)
        {
            Lookup(in keys[i], out int index);
            indices[i] = index;
        }
    }

    /// <summary>Return the value of entry index <paramref name="index"/>, as a lookup on this same snapshot returned it.</summary>
    /// <remarks>Indices are reused between snapshots, so an index from one snapshot read against another is a torn read.</remarks>
    public ref readonly TValue GetValue(int index) => ref _values[index];

    // Copy-on-write: copy the slots and values of this snapshot, then patch in the batch. That is
    // O(slots) per batch (a memory copy), far cheaper than rehashing every key of a large table.
    internal ExactSnapshot<TKey, TValue, THasher> With(IReadOnlyList<TableChange<TKey, TValue>> changes, int indexLimit)
    {
        var slots = (ExactSlot<TKey>[])_slots.Clone();
        var values = new TValue[indexLimit];
        _values.CopyTo(values, 0);
        int count = Count;
        // Deletes first: a batch on a full table may give a deleted index to a new key.
        foreach (TableChange<TKey, TValue> change in changes)
        {
            if (change.New is null && change.Old is { } old)
            {
                Remove(slots, old.Key);
                values[old.Index] = default;
                count--;
            }
        }
        foreach (TableChange<TKey, TValue> change in changes)
        {
            if (change.New is not { } entry)
                continue;
            if (change.Old is null)
            {
                Insert(slots, entry.Key, entry.Index);
                count++;
            }
            values[entry.Index] = entry.Value;
        }
        return new ExactSnapshot<TKey, TValue, THasher>(slots, values, count);
    }

    private static void Insert(ExactSlot<TKey>[] slots, TKey key, int index)
    {
        int mask = slots.Length - 1;
        int i = (int)THasher.Hash(in key) & mask;
        while (slots[i].IndexPlusOne != 0)
            i = (i + 1) & mask;
        slots[i].Key = key;
        slots[i].IndexPlusOne = index + 1;
    }

    // Backward-shift deletion: no tombstones, so lookups never slow down after many deletes. Each
    // following key of the cluster moves into the hole unless its home slot lies cyclically in
    // (hole, its slot], where moving it would put it before its home and lose it.
    private static void Remove(ExactSlot<TKey>[] slots, TKey key)
    {
        int mask = slots.Length - 1;
        int hole = (int)THasher.Hash(in key) & mask;
        while (!slots[hole].Key.Equals(key) || slots[hole].IndexPlusOne == 0)
            hole = (hole + 1) & mask;
        int j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            if (slots[j].IndexPlusOne == 0)
                break;
            int home = (int)THasher.Hash(in slots[j].Key) & mask;
            bool stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = default;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortIndices() =>
        throw new ArgumentException("the index span is shorter than the key span", "indices");
}
