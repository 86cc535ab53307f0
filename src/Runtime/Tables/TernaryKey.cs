namespace Fastpath.Tables;

/// <summary>The key of a ternary table entry: one match per key field, and a priority (the higher wins where entries overlap).</summary>
/// <remarks>
/// As in P4Runtime, the priority is part of the key: the same matches at two priorities are two
/// entries. Among overlapping entries of equal priority, the one inserted first wins.
/// </remarks>
public sealed class TernaryKey : IEquatable<TernaryKey>
{
    private readonly FieldMatch[] _fields;

    /// <summary>Create the key with <paramref name="priority"/> and one match per field, in the table's field order.</summary>
    public TernaryKey(int priority, params ReadOnlySpan<FieldMatch> fields)
    {
        Priority = priority;
        _fields = fields.ToArray();
    }

    /// <summary>Return the priority: the higher wins.</summary>
    public int Priority { get; }

    /// <summary>Return the matches, one per field.</summary>
    public IReadOnlyList<FieldMatch> Fields => _fields;

    /// <inheritdoc/>
    public bool Equals(TernaryKey? other) =>
        other is not null && Priority == other.Priority && _fields.AsSpan().SequenceEqual(other._fields);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TernaryKey);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Priority);
        foreach (FieldMatch field in _fields)
            hash.Add(field);
        return hash.ToHashCode();
    }

    /// <summary>Format as <c>[match, match, …] priority p</c>, the way error messages name an entry.</summary>
    public override string ToString() => $"[{string.Join(", ", _fields)}] priority {Priority}";
}
