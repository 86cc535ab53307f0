namespace Fastpath;

/// <summary>Makes a header variable-length: its length in bytes is <c>field × Scale + Add</c> (IPv4: IHL × 4; TCP: data offset × 4; IPv6 extension: (len + 1) × 8).</summary>
/// <remarks>The bytes between the fixed fields and that length are the header's <c>Options</c>.</remarks>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class LengthAttribute(string field) : Attribute
{
    /// <summary>The field that holds the length.</summary>
    public string Field { get; } = field;

    /// <summary>The unit of the length field in bytes.</summary>
    public int Scale { get; set; } = 1;

    /// <summary>Bytes added after scaling.</summary>
    public int Add { get; set; }
}
