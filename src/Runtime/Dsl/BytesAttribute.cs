namespace Fastpath;

/// <summary>Declares a fixed-size byte field exposed as a <see cref="Span{T}"/> of the packet.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class BytesAttribute(int count) : Attribute
{
    /// <summary>The number of bytes.</summary>
    public int Count { get; } = count;

    /// <summary>The byte offset from the start of the header; -1 means right after the previous field.</summary>
    public int Offset { get; set; } = -1;
}
