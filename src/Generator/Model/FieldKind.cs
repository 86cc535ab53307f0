namespace Fastpath.Generator.Model
{
    /// <summary>How a field's bits become a C# value.</summary>
    internal enum FieldKind
    {
        Integer,
        Boolean,
        Enum,
        MacAddress,
        Ipv4Address,
        Ipv6Address,
        Bytes,
        ReadOnlyBytes,
    }
}
