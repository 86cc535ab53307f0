namespace Fastpath.Generator.Model
{
    /// <summary>A header layout, ready to emit: fields at fixed offsets, and how its length is found.</summary>
    /// <param name="Namespace">The namespace, or empty for the global namespace.</param>
    /// <param name="Modifiers">The struct's modifiers as declared (<c>readonly ref</c>), repeated on the generated part.</param>
    /// <param name="FixedLength">The bytes every instance has.</param>
    /// <param name="LengthField">The field giving the variable length, or null for a fixed-length header.</param>
    /// <param name="TotalLengthField">The field giving this header's length plus its payload, or null.</param>
    internal sealed record HeaderModel(
        string Namespace,
        string Name,
        string Modifiers,
        EquatableArray<FieldModel> Fields,
        int FixedLength,
        string? LengthField,
        int LengthScale,
        int LengthAdd,
        string? TotalLengthField,
        int TotalLengthAdd,
        EquatableArray<ExpectModel> Expects)
    {
        public bool IsVariableLength => LengthField is not null;

        /// <summary>The type's name as generated code writes it: <c>global::</c>, namespace and keywords escaped.</summary>
        public string FullName => Namespace.Length == 0
            ? "global::" + SourceWriter.Identifier(Name)
            : "global::" + SourceWriter.QualifiedName(Namespace) + "." + SourceWriter.Identifier(Name);
    }
}
