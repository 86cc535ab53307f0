namespace Fastpath;

/// <summary>A parser rejects the packet unless this field holds this value (IPv4 version 4, for example).</summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class ExpectAttribute(string field, ulong value) : Attribute
{
    /// <summary>The field to check.</summary>
    public string Field { get; } = field;

    /// <summary>The value it must hold.</summary>
    public ulong Value { get; } = value;

    /// <summary>The reject reason when it does not.</summary>
    public ParseError Error { get; set; } = ParseError.BadField;
}
