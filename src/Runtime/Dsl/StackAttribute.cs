namespace Fastpath;

/// <summary>Lets a header repeat up to <paramref name="depth"/> times in a row (VLAN tags, MPLS labels, IPv6 extension headers).</summary>
/// <remarks>A transition from the header to itself is then a loop, not a cycle; one more instance rejects with <see cref="ParseError.StackOverflow"/>.</remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class StackAttribute(Type header, int depth) : Attribute
{
    /// <summary>The repeated header.</summary>
    public Type Header { get; } = header;

    /// <summary>The most instances kept.</summary>
    public int Depth { get; } = depth;
}
