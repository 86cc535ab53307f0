namespace Fastpath.Generator.Model
{
    /// <summary>An action of a [Table] and the parameters an entry supplies to it (P4's action data).</summary>
    internal sealed record TableActionModel(string Name, EquatableArray<TableParameterModel> Parameters);
}
