namespace Fastpath.Generator.Model
{
    /// <summary>A parse-graph state: one header, how deep it may stack, and where to go next.</summary>
    /// <param name="Selects">The fields tested, each with its transitions, in the order they are tried (empty: always the default).</param>
    /// <param name="Default">The state when no transition matches: an index, or an accept/reject marker.</param>
    /// <param name="Accessibility">The accessibility of the parser's members for this header: <c>internal</c> when the header type is not public.</param>
    internal sealed record StateModel(
        HeaderModel Header,
        int StackDepth,
        EquatableArray<SelectModel> Selects,
        int Default,
        string Accessibility)
    {
        public string Name => Header.Name;

        public bool IsStack => StackDepth > 1;
    }
}
