namespace Fastpath.Tables;

/// <summary>One change in a batch given to <see cref="Table{TKey, TValue, TSnapshot}.TryApply"/>.</summary>
public readonly record struct TableUpdate<TKey, TValue>(TableUpdateKind Kind, TKey Key, TValue Value)
    where TKey : notnull
    where TValue : struct
{
    /// <summary>Add <paramref name="key"/> with <paramref name="value"/>; the batch fails if the key is installed.</summary>
    public static TableUpdate<TKey, TValue> Insert(TKey key, TValue value) => new(TableUpdateKind.Insert, key, value);

    /// <summary>Give the installed <paramref name="key"/> a new <paramref name="value"/>; the batch fails if it is not installed.</summary>
    public static TableUpdate<TKey, TValue> Modify(TKey key, TValue value) => new(TableUpdateKind.Modify, key, value);

    /// <summary>Remove <paramref name="key"/>; the batch fails if it is not installed.</summary>
    public static TableUpdate<TKey, TValue> Delete(TKey key) => new(TableUpdateKind.Delete, key, default);

    /// <summary>Format as <c>insert key</c>, the way error messages name an update.</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Key}";
}
