namespace Fastpath.Generator.Model
{
    /// <summary>A [Rules] struct: the packet type it parses, what to do on a parse error and by default, and its rules in priority order.</summary>
    /// <remarks><c>CountsHits</c>: the struct declares a <c>RuleCounterLane RuleHits</c> field, so each rule's hits are counted per worker. <c>Exclusive</c> lists header pairs "A|B" that no path of the parse graph holds together (UDP and TCP): knowing one is present settles the other. <c>TableReaders</c> names the fields holding a [Table]'s <c>Reader</c>, refreshed once per burst.</remarks>
    internal sealed record RuleSetModel(
        string Namespace,
        string Name,
        string Modifiers,
        string PacketType,
        string OnParseError,
        string Default,
        EquatableArray<RuleModel> Rules,
        EquatableArray<string> Exclusive,
        bool CountsHits,
        EquatableArray<string> TableReaders);
}
