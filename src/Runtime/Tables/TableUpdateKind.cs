namespace Fastpath.Tables;

/// <summary>What one update of a batch does to its entry (P4Runtime's INSERT, MODIFY and DELETE).</summary>
public enum TableUpdateKind : byte
{
    /// <summary>Add an entry whose key is not installed.</summary>
    Insert = 0,

    /// <summary>Replace the value of an installed entry, keeping its counters.</summary>
    Modify,

    /// <summary>Remove an installed entry.</summary>
    Delete,
}
