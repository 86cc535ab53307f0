namespace Fastpath;

/// <summary>Declares a header layout: a <c>readonly ref partial struct</c> whose partial properties are its fields.</summary>
/// <remarks>
/// The generator emits a view over packet memory: one length check in <c>TryCreate</c>, then
/// accessors that read and write at constant offsets without further checks.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class HeaderAttribute : Attribute
{
    /// <summary>The fixed length in bytes; 0 means the end of the last field.</summary>
    public int Length { get; set; }
}
