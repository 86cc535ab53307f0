namespace Fastpath.Generator.Model
{
    /// <summary>What the parse step found about one attributed type: a model when it can be emitted, and diagnostics apart.</summary>
    internal sealed record AnalysisResult<T>(T? Model, EquatableArray<DiagnosticInfo> Diagnostics)
        where T : class;
}
