namespace Fastpath.Generator.Model
{
    /// <summary>The transitions of one state that test one field; a state tries its selects in declaration order.</summary>
    internal sealed record SelectModel(FieldModel Field, EquatableArray<TransitionModel> Transitions);
}
