namespace Fastpath;

/// <summary>Names the field that gives the length of this header plus everything it carries (IPv4 total length, UDP length, IPv6 payload length + 40).</summary>
/// <remarks>
/// A parser checks it against the bytes received and trims the packet to it, so Ethernet padding
/// never reaches the payload: a value below the header length or beyond the frame rejects the
/// packet with <see cref="ParseError.BadLength"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class TotalLengthAttribute(string field) : Attribute
{
    /// <summary>The field that holds the length in bytes.</summary>
    public string Field { get; } = field;

    /// <summary>Bytes added to the field's value (40 for IPv6, whose field excludes its own header).</summary>
    public int Add { get; set; }
}
