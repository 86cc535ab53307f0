namespace Fastpath.Generator.Model
{
    /// <summary>A parameter of a table action: its name and fully qualified type.</summary>
    internal sealed record TableParameterModel(string Name, string Type);
}
