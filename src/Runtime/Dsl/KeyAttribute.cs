using Fastpath.Tables;

namespace Fastpath;

/// <summary>Marks a key field of a [Table]: a method <c>static T Name(in TPacket p)</c> that reads it, and how entries match it.</summary>
/// <remarks>
/// <c>T</c> is an integer, an enum, <c>bool</c>, <see cref="Ipv4Address"/>, <see cref="Ipv6Address"/> or
/// <see cref="MacAddress"/>. In the generated <c>Key</c>, an exact field is a <c>T</c>, an LPM field an
/// <see cref="Ipv4Prefix"/> or <see cref="Ipv6Prefix"/>, a ternary field a <see cref="Masked{T}"/>, a
/// range field a <see cref="ValueRange{T}"/> and an optional field a <c>T?</c> (null: any).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KeyAttribute(MatchKind kind) : Attribute
{
    /// <summary>How entries match this field.</summary>
    public MatchKind Kind { get; } = kind;
}
