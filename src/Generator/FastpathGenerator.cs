using System.Linq;
using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Fastpath.Generator
{
    /// <summary>Pipeline wiring only: find [Header], [Parser], [Rules] and [Table] types, analyse them, emit models and report diagnostics apart.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FastpathGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<AnalysisResult<HeaderModel>> headers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    HeaderParser.HeaderAttribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.StructDeclarationSyntax,
                    static (ctx, ct) => HeaderParser.Analyze((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(TrackingNames.HeaderAnalysis);

            IncrementalValuesProvider<AnalysisResult<ParseGraphModel>> parsers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    ParseGraphParser.ParserAttribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.StructDeclarationSyntax,
                    static (ctx, ct) => ParseGraphParser.Analyze((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(TrackingNames.ParserAnalysis);

            // Models carry no locations, so moving code re-runs only the diagnostics output below.
            IncrementalValuesProvider<HeaderModel> headerModels = headers
                .Where(static r => r.Model is not null)
                .Select(static (r, _) => r.Model!)
                .WithTrackingName(TrackingNames.HeaderModel);
            context.RegisterSourceOutput(headerModels, static (spc, model) =>
                spc.AddSource(HintName(model.Namespace, model.Name), HeaderEmitter.Emit(model)));

            IncrementalValuesProvider<ParseGraphModel> parserModels = parsers
                .Where(static r => r.Model is not null)
                .Select(static (r, _) => r.Model!)
                .WithTrackingName(TrackingNames.ParserModel);
            context.RegisterSourceOutput(parserModels, static (spc, model) =>
                spc.AddSource(HintName(model.Namespace, model.Name), ParseGraphEmitter.Emit(model)));

            IncrementalValuesProvider<AnalysisResult<RuleSetModel>> rules = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RulesParser.RulesAttribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.StructDeclarationSyntax,
                    static (ctx, ct) => RulesParser.Analyze((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct))
                .WithTrackingName(TrackingNames.RulesAnalysis);
            IncrementalValuesProvider<RuleSetModel> ruleModels = rules
                .Where(static r => r.Model is not null)
                .Select(static (r, _) => r.Model!)
                .WithTrackingName(TrackingNames.RulesModel);
            context.RegisterSourceOutput(ruleModels, static (spc, model) =>
                spc.AddSource(HintName(model.Namespace, model.Name + ".Rules"), RulesEmitter.Emit(model)));
            context.RegisterSourceOutput(rules.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            });

            IncrementalValuesProvider<AnalysisResult<TableModel>> tables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    TableParser.TableAttribute,
                    // Any type, so that [Table] on a struct is reported rather than ignored.
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    static (ctx, ct) => TableParser.Analyze((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(TrackingNames.TableAnalysis);
            IncrementalValuesProvider<TableModel> tableModels = tables
                .Where(static r => r.Model is not null)
                .Select(static (r, _) => r.Model!)
                .WithTrackingName(TrackingNames.TableModel);
            context.RegisterSourceOutput(tableModels, static (spc, model) =>
                spc.AddSource(HintName(model.Namespace, model.Name + ".Table"), TableEmitter.Emit(model)));
            context.RegisterSourceOutput(tables.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            });

            context.RegisterSourceOutput(headers.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
            context.RegisterSourceOutput(parsers.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
        }

        private static string HintName(string ns, string name) => (ns.Length == 0 ? name : ns + "." + name) + ".g.cs";
    }
}
