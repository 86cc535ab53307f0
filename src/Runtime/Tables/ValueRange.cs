namespace Fastpath.Tables;

/// <summary>A range key field of a generated table: the packet's field matches when it lies in <see cref="Low"/>..<see cref="High"/>, both included.</summary>
public readonly record struct ValueRange<T>(T Low, T High)
    where T : struct
{
    /// <inheritdoc/>
    public override string ToString() => $"{Low}..{High}";
}
