namespace Fastpath;

/// <summary>A transition of the parse graph: after <paramref name="from"/>, go to <paramref name="next"/> when <c>(field &amp; Mask) == value</c>.</summary>
/// <remarks><paramref name="next"/> is a header type, <see cref="Accept"/> or <see cref="Reject"/>.</remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class SelectAttribute(Type from, string field, ulong value, Type next) : Attribute
{
    /// <summary>The header whose field is tested.</summary>
    public Type From { get; } = from;

    /// <summary>The field tested.</summary>
    public string Field { get; } = field;

    /// <summary>The value to match after masking.</summary>
    public ulong Value { get; } = value;

    /// <summary>The next state.</summary>
    public Type Next { get; } = next;

    /// <summary>The bits of the field compared; all of them by default.</summary>
    public ulong Mask { get; set; } = ulong.MaxValue;
}
