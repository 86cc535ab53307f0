namespace Fastpath.Tables;

/// <summary>A ternary table (ACLs, classifiers): entries of per-field matches and a priority; a lookup returns the highest-priority match.</summary>
/// <remarks>
/// The fields share one 128-bit key, each at its <see cref="KeyField.Shift"/>; lookups take the key
/// composed the same way (<see cref="KeyField.Place"/>). Range fields are checked as intervals
/// inside the hash bucket rather than expanded into prefixes (see <see cref="TernarySnapshot{TValue}"/>). A batch rebuilds the snapshot from every entry: a rule set of
/// thousands rebuilds in milliseconds.
/// </remarks>
public sealed class TernaryTable<TValue> : Table<TernaryKey, TValue, TernarySnapshot<TValue>>
    where TValue : struct
{
    private readonly KeyField[] _fields;

    /// <summary>Create an empty table over the key <paramref name="fields"/>, of up to <paramref name="capacity"/> entries, counted by <paramref name="workers"/> workers.</summary>
    /// <exception cref="ArgumentException">The fields overlap, do not fit 128 bits, or a range field is wider than 64 bits.</exception>
    public TernaryTable(IReadOnlyList<KeyField> fields, int capacity, int workers = 1)
        : base(capacity, workers, TernaryBuilder.Build<TValue>([], [], 0))
    {
        ArgumentNullException.ThrowIfNull(fields);
        string? bad = TernaryBuilder.ValidateLayout(fields);
        if (bad is not null)
            throw new ArgumentException(bad, nameof(fields));
        _fields = [.. fields];
    }

    /// <summary>Return the key fields, in the order entries give their matches.</summary>
    public IReadOnlyList<KeyField> Fields => _fields;

    private protected override string? ValidateKey(TernaryKey key) => TernaryBuilder.Validate(_fields, key);

    private protected override bool TryBuild(
        TernarySnapshot<TValue> previous,
        IReadOnlyList<TableChange<TernaryKey, TValue>> changes,
        IReadOnlyCollection<TableEntry<TernaryKey, TValue>> entries,
        int indexLimit,
        out TernarySnapshot<TValue> snapshot,
        out string error)
    {
        snapshot = TernaryBuilder.Build(_fields, entries, indexLimit);
        error = "";
        return true;
    }
}
