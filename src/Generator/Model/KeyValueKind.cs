namespace Fastpath.Generator.Model
{
    /// <summary>What a table key field's C# type is, which decides how it is turned into key bits.</summary>
    internal enum KeyValueKind
    {
        Integer,
        Enum,
        Bool,
        Ipv4,
        Ipv6,
        Mac,
    }
}
