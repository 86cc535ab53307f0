namespace Fastpath.Generator.Model
{
    /// <summary>A parser type and its graph; state 0 is the start.</summary>
    internal sealed record ParseGraphModel(
        string Namespace,
        string Name,
        string Modifiers,
        EquatableArray<StateModel> States);
}
