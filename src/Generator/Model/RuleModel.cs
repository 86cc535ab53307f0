namespace Fastpath.Generator.Model
{
    /// <summary>One rule: its condition in disjunctive normal form (each term a conjunction of atoms), and its action.</summary>
    /// <param name="Condition">The [Rule] method.</param>
    /// <param name="Terms">The condition as an OR of ANDs; one term holding one opaque atom when the generator cannot see into it.</param>
    /// <param name="Text">The condition's source text, for comments.</param>
    /// <param name="Police">The meter in front of the action, when it carries [Police].</param>
    /// <param name="ActionMayContinue">Whether the action can return Verdict.Continue; when not, a match ends the dispatch and nothing below it is emitted.</param>
    internal sealed record RuleModel(
        string Condition,
        int Priority,
        int Order,
        string Action,
        bool ActionIsStatic,
        EquatableArray<TermModel> Terms,
        string Text,
        bool ActionMayContinue,
        PoliceModel? Police);

    /// <summary>A conjunction of atoms.</summary>
    internal sealed record TermModel(EquatableArray<AtomModel> Atoms);
}
