namespace Fastpath.Tables;

/// <summary>A runtime match table: the control plane changes it in all-or-nothing batches, workers look entries up in an immutable snapshot.</summary>
/// <remarks>
/// <para>
/// <b>Reading (workers).</b> A worker reads <see cref="Current"/> once per burst (one
/// <see cref="Volatile.Read{T}(ref readonly T)"/>), keeps the reference in a local for the whole
/// burst and looks every packet up in that snapshot. It takes no lock and makes no interlocked
/// operation per packet; a burst sees one snapshot from start to end, never a mix of two.
/// </para>
/// <para>
/// <b>Writing (control plane).</b> <see cref="TryApply"/> checks the whole batch, builds a new
/// snapshot beside the current one (copy-on-write) and publishes it with one
/// <see cref="Volatile.Write{T}(ref T, T)"/>, whose release ordering makes every write of the build
/// visible before the reference is. Control-plane calls are serialized by a lock that workers never
/// touch.
/// </para>
/// <para>
/// <b>Old snapshots</b> are left to the garbage collector: once the last worker that read one
/// finishes its burst, nothing refers to it. The GC is the grace period that RCU or epoch schemes
/// would otherwise have to track, so there is no reclamation protocol to get wrong.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The entry key (a prefix, an exact key, a ternary key).</typeparam>
/// <typeparam name="TValue">The value a match yields, kept in the snapshot's value array at the entry's index.</typeparam>
/// <typeparam name="TSnapshot">The immutable, read-optimized structure workers look up.</typeparam>
public abstract class Table<TKey, TValue, TSnapshot>
    where TKey : notnull
    where TValue : struct
    where TSnapshot : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, TableEntry<TKey, TValue>> _entries;
    private readonly IEqualityComparer<TKey> _comparer;

    // Indices of deleted entries, handed out again before _indexLimit grows.
    private readonly List<int> _freeIndices = [];

    // One past the highest index ever handed out: the length of a snapshot's value array.
    private int _indexLimit;
    private long _sequence;
    private long _version;
    private TSnapshot _current;

    private protected Table(int capacity, int workers, TSnapshot empty, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        _entries = new Dictionary<TKey, TableEntry<TKey, TValue>>(_comparer);
        Counters = new TableCounters(capacity, workers);
        _current = empty;
    }

    /// <summary>Return the largest number of entries the table may hold.</summary>
    public int Capacity { get; }

    /// <summary>Return the number of installed entries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>Return the published snapshot: read it once per burst and use that reference for every packet of the burst.</summary>
    public TSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Return how many snapshots have been published after the empty one.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Return the per-worker hit counters, indexed by entry index.</summary>
    public TableCounters Counters { get; }

    /// <summary>Apply a batch of updates in order, all or nothing: on failure nothing changes and <paramref name="error"/> names the offending update and key.</summary>
    /// <remarks>
    /// Updates are checked in order against the state the earlier ones leave, so a batch may delete a
    /// key and insert it again (the entry keeps its index and counters, as a modify would). The
    /// capacity is checked the same way, as a running count. Then the new snapshot is built; only if
    /// that succeeds too (an LPM table may run out of groups or nodes) are the entries committed and
    /// the snapshot published.
    /// </remarks>
    public bool TryApply(IReadOnlyList<TableUpdate<TKey, TValue>> updates, out string error)
    {
        ArgumentNullException.ThrowIfNull(updates);
        lock (_gate)
            return ApplyLocked(updates, out error);
    }

    /// <summary>Make the table hold exactly <paramref name="entries"/>, all or nothing: entries that keep their key keep their index and counters.</summary>
    /// <remarks>This is how a routes or rules file is reloaded: the difference is applied as one batch (deletes first).</remarks>
    public bool TryReplaceAll(IEnumerable<KeyValuePair<TKey, TValue>> entries, out string error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            var wanted = new Dictionary<TKey, TValue>(_comparer);
            foreach (KeyValuePair<TKey, TValue> pair in entries)
            {
                if (!wanted.TryAdd(pair.Key, pair.Value))
                {
                    error = $"{pair.Key}: duplicate key";
                    return false;
                }
            }
            var updates = new List<TableUpdate<TKey, TValue>>();
            foreach (TKey key in _entries.Keys)
            {
                if (!wanted.ContainsKey(key))
                    updates.Add(TableUpdate<TKey, TValue>.Delete(key));
            }
            foreach ((TKey key, TValue value) in wanted)
            {
                if (!_entries.TryGetValue(key, out TableEntry<TKey, TValue> old))
                    updates.Add(TableUpdate<TKey, TValue>.Insert(key, value));
                else if (!EqualityComparer<TValue>.Default.Equals(old.Value, value))
                    updates.Add(TableUpdate<TKey, TValue>.Modify(key, value));
            }
            return ApplyLocked(updates, out error);
        }
    }

    /// <summary>Find the installed entry for <paramref name="key"/> (control plane).</summary>
    public bool TryGetEntry(TKey key, out TableEntry<TKey, TValue> entry)
    {
        lock (_gate)
            return _entries.TryGetValue(key, out entry);
    }

    /// <summary>Return a copy of the installed entries in insertion order (control plane).</summary>
    public IReadOnlyList<TableEntry<TKey, TValue>> GetEntries()
    {
        lock (_gate)
        {
            var list = new List<TableEntry<TKey, TValue>>(_entries.Values);
            list.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return list;
        }
    }

    /// <summary>Return the packets and bytes the entry for <paramref name="key"/> has matched since it was inserted, summed over all workers.</summary>
    /// <exception cref="KeyNotFoundException">The key is not installed.</exception>
    public HitCount ReadCounters(TKey key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out TableEntry<TKey, TValue> entry))
                throw new KeyNotFoundException($"{key} is not installed");
            return Counters.Read(entry.Index);
        }
    }

    /// <summary>Return what is wrong with <paramref name="key"/> on its own (host bits set, a field too wide), or null when it is well formed.</summary>
    private protected abstract string? ValidateKey(TKey key);

    /// <summary>Build the snapshot for the table after a batch, or say why it cannot be built (naming the key that does not fit).</summary>
    /// <param name="previous">The published snapshot, for builders that copy and patch rather than rebuild.</param>
    /// <param name="changes">What the batch did, one change per key.</param>
    /// <param name="entries">Every entry installed after the batch.</param>
    /// <param name="indexLimit">One past the highest entry index: the length of the value array.</param>
    /// <param name="snapshot">The new snapshot.</param>
    /// <param name="error">Why the build failed.</param>
    private protected abstract bool TryBuild(
        TSnapshot previous,
        IReadOnlyList<TableChange<TKey, TValue>> changes,
        IReadOnlyCollection<TableEntry<TKey, TValue>> entries,
        int indexLimit,
        out TSnapshot snapshot,
        out string error);

    private bool ApplyLocked(IReadOnlyList<TableUpdate<TKey, TValue>> updates, out string error)
    {
        // 1. Check every update against the state the earlier ones leave, without touching _entries.
        //    The final state of each touched key, in first-touch order (a Dictionary without removals enumerates in insertion order).
        var staged = new Dictionary<TKey, (bool Present, TValue Value)>(updates.Count, _comparer);
        int count = _entries.Count;
        for (int i = 0; i < updates.Count; i++)
        {
            TableUpdate<TKey, TValue> update = updates[i];
            if (update.Key is null)
            {
                error = $"update {i}: the key is null";
                return false;
            }
            string? bad = ValidateKey(update.Key);
            if (bad is not null)
            {
                error = $"update {i} ({update}): {bad}";
                return false;
            }
            bool present = staged.TryGetValue(update.Key, out var state) ? state.Present : _entries.ContainsKey(update.Key);
            switch (update.Kind)
            {
                case TableUpdateKind.Insert when present:
                    error = $"update {i} ({update}): already installed";
                    return false;
                case TableUpdateKind.Insert when count == Capacity:
                    error = $"update {i} ({update}): the table is full ({Capacity} entries)";
                    return false;
                case TableUpdateKind.Insert:
                    count++;
                    staged[update.Key] = (true, update.Value);
                    break;
                case TableUpdateKind.Modify or TableUpdateKind.Delete when !present:
                    error = $"update {i} ({update}): not installed";
                    return false;
                case TableUpdateKind.Modify:
                    staged[update.Key] = (true, update.Value);
                    break;
                case TableUpdateKind.Delete:
                    count--;
                    staged[update.Key] = (false, default);
                    break;
                default:
                    error = $"update {i} ({update}): unknown update kind {(int)update.Kind}";
                    return false;
            }
        }

        // 2. Fold the batch into one change per key, handing out indices to new keys: first the free
        //    list, then fresh ones, then those this batch deletes (only when the table is full).
        var changes = new List<TableChange<TKey, TValue>>(staged.Count);
        var freed = new List<int>();
        foreach ((TKey key, var state) in staged)
        {
            bool had = _entries.TryGetValue(key, out TableEntry<TKey, TValue> old);
            if (had && !state.Present)
            {
                changes.Add(new(key, old, null));
                freed.Add(old.Index);
            }
            else if (had)
            {
                changes.Add(new(key, old, old with { Value = state.Value }));
            }
        }
        int freeUsed = 0, freedUsed = 0, indexLimit = _indexLimit;
        long sequence = _sequence;
        foreach ((TKey key, var state) in staged)
        {
            if (!state.Present || _entries.ContainsKey(key))
                continue;
            int index;
            if (freeUsed < _freeIndices.Count)
                index = _freeIndices[_freeIndices.Count - 1 - freeUsed++];
            else if (indexLimit < Capacity)
                index = indexLimit++;
            else
                index = freed[freedUsed++]; // the running count proved there is one
            changes.Add(new(key, null, new TableEntry<TKey, TValue>(key, state.Value, index, ++sequence)));
        }

        // 3. Stage the entries, build; undo the staging if the build fails.
        _entries.EnsureCapacity(count);
        foreach (TableChange<TKey, TValue> change in changes)
        {
            if (change.New is { } entry)
                _entries[change.Key] = entry;
            else
                _entries.Remove(change.Key);
        }
        if (!TryBuild(_current, changes, _entries.Values, indexLimit, out TSnapshot snapshot, out error))
        {
            foreach (TableChange<TKey, TValue> change in changes)
            {
                if (change.Old is { } entry)
                    _entries[change.Key] = entry;
                else
                    _entries.Remove(change.Key);
            }
            return false;
        }

        // 4. Commit the index bookkeeping and the counters, then publish.
        _freeIndices.RemoveRange(_freeIndices.Count - freeUsed, freeUsed);
        _freeIndices.AddRange(freed.Skip(freedUsed));
        _indexLimit = indexLimit;
        _sequence = sequence;
        foreach (TableChange<TKey, TValue> change in changes)
        {
            if (change.Old is null && change.New is { } entry)
                Counters.Restart(entry.Index);
        }
        Volatile.Write(ref _current, snapshot);
        Interlocked.Increment(ref _version);
        error = "";
        return true;
    }
}
