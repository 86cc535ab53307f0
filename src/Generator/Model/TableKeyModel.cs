namespace Fastpath.Generator.Model
{
    /// <summary>A key field of a [Table]: the method that reads it, its C# type, its match kind, and how its value becomes key bits.</summary>
    /// <remarks><c>Unsigned</c> is the unsigned integer type of the same width that an integer or enum value is cast to (empty for addresses and bool).</remarks>
    internal sealed record TableKeyModel(string Name, string Type, string Match, KeyValueKind ValueKind, int Width, string Unsigned);
}
