namespace Fastpath.Generator.Model
{
    /// <summary>A [Rules] struct: the packet type it parses, what to do on a parse error and by default, and its rules in priority order.</summary>
    internal sealed record RuleSetModel(
        string Namespace,
        string Name,
        string Modifiers,
        string PacketType,
        string OnParseError,
        string Default,
        EquatableArray<RuleModel> Rules);
}
