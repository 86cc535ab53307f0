using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fastpath.Generator
{
    /// <summary>Turns a [Table] class into a <see cref="TableModel"/>: its key methods, its actions, and the runtime table that fits the keys.</summary>
    internal static class TableParser
    {
        public const string TableAttribute = "Fastpath.TableAttribute";
        private const string KeyAttribute = "Fastpath.KeyAttribute";
        private const string TableActionAttribute = "Fastpath.TableActionAttribute";
        private const string VerdictType = "Fastpath.Verdict";
        private const string PacketBufferType = "Fastpath.PacketBuffer";

        // The runtime tables' limits (Lpm4Table.MaxCapacity and the smallest of the others).
        private const int MaxSize = 1 << 24;
        private const int MaxTernaryBits = 128;

        // MatchKind's values, in the runtime's order.
        private static readonly string[] s_matchKinds = { "Exact", "Lpm", "Ternary", "Range", "Optional" };

        public static AnalysisResult<TableModel> Analyze(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            AnalysisResult<TableModel> Fail() => new(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            Location? typeLocation = type.Locations.FirstOrDefault();

            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().ToList();
            if (declarations.Count == 0 || !declarations.All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)) || type.ContainingType is not null
                || type.IsGenericType || type.IsStatic || type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, typeLocation, type.Name, "declare it as a top-level, non-generic, non-static 'partial class'"));
                return Fail();
            }
            AttributeData table = HeaderParser.Find(type, TableAttribute)!;
            if (table.ConstructorArguments.Length != 1 || table.ConstructorArguments[0].Value is not INamedTypeSymbol packet
                || HeaderParser.Find(packet, ParseGraphParser.ParserAttribute) is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, HeaderParser.LocationOf(table), type.Name, "[Table] must name a [Parser] type"));
                return Fail();
            }
            int size = HeaderParser.Named(table, "Size", 1024);
            if (size < 1 || size > MaxSize)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, HeaderParser.LocationOf(table), type.Name, $"Size = {size} is outside 1..{MaxSize}"));

            var keys = new List<TableKeyModel>();
            var actions = new List<TableActionModel>();
            string? defaultAction = null;
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (HeaderParser.Find(method, KeyAttribute) is { } key)
                {
                    TableKeyModel? model = ReadKey(method, key, packet, out string? problem);
                    if (model is null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableKeyShape, method.Locations.FirstOrDefault(), method.Name, problem!));
                    else
                        keys.Add(model);
                }
                if (HeaderParser.Find(method, TableActionAttribute) is { } action)
                {
                    TableActionModel? model = ReadAction(method, packet, out string? problem);
                    bool isDefault = HeaderParser.Named(action, "Default", false);
                    if (model is not null && isDefault && model.Parameters.Count > 0)
                        problem = "the default action takes no parameters: a miss has no entry to supply them";
                    else if (model is not null && isDefault && defaultAction is not null)
                        problem = $"'{defaultAction}' is already the default action";
                    if (problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableActionShape, method.Locations.FirstOrDefault(), method.Name, problem));
                        continue;
                    }
                    actions.Add(model!);
                    if (isDefault)
                        defaultAction = method.Name;
                }
            }

            if (keys.Count == 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, typeLocation, type.Name, "it has no [Key] method"));
            if (defaultAction is null && !diagnostics.Any(d => d.Id == DiagnosticDescriptors.TableActionShape.Id))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, typeLocation, type.Name, "no [TableAction(Default = true)]: say what a packet no entry matches gets"));

            TableBackend backend = ChooseBackend(keys);
            if (keys.Count > 0 && backend == TableBackend.Ternary)
            {
                int bits = keys.Sum(k => k.Width);
                if (bits > MaxTernaryBits)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableShape, typeLocation, type.Name,
                        $"its keys take {bits} bits and a table with non-exact keys holds at most {MaxTernaryBits}: drop a key or make them all exact"));
            }
            if (diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
                return Fail();

            string modifiers = declarations[0].Modifiers.Any(SyntaxKind.SealedKeyword) ? "sealed partial class" : "partial class";
            var result = new TableModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                modifiers,
                packet.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                size,
                backend,
                new EquatableArray<TableKeyModel>(keys),
                new EquatableArray<TableActionModel>(actions),
                defaultAction!,
                HeaderParser.Named(table, "Counters", false));
            return new AnalysisResult<TableModel>(result, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        private static TableBackend ChooseBackend(List<TableKeyModel> keys)
        {
            if (keys.Count == 1 && keys[0].Match == "Lpm")
                return keys[0].ValueKind == KeyValueKind.Ipv6 ? TableBackend.Lpm6 : TableBackend.Lpm4;
            return keys.All(k => k.Match == "Exact") ? TableBackend.Exact : TableBackend.Ternary;
        }

        private static TableKeyModel? ReadKey(IMethodSymbol method, AttributeData key, INamedTypeSymbol packet, out string? problem)
        {
            problem = null;
            if (!method.IsStatic || method.IsGenericMethod || method.Parameters.Length != 1 || method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly
                || !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, packet)
                || method.Parameters[0].RefKind is not (RefKind.In or RefKind.None or RefKind.RefReadOnlyParameter))
            {
                problem = $"a [Key] is 'static T {method.Name}(in {packet.Name} p)'";
                return null;
            }
            int matchValue = key.ConstructorArguments.Length == 1 && key.ConstructorArguments[0].Value is { } m ? System.Convert.ToInt32(m) : -1;
            if (matchValue < 0 || matchValue >= s_matchKinds.Length)
            {
                problem = $"match kind {matchValue} is not a MatchKind";
                return null;
            }
            string match = s_matchKinds[matchValue];
            ITypeSymbol t = method.ReturnType;
            string typeName = t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            KeyValueKind kind;
            int width;
            string unsigned = "";
            switch (t.ToDisplayString())
            {
                case "Fastpath.Ipv4Address":
                    (kind, width) = (KeyValueKind.Ipv4, 32);
                    break;
                case "Fastpath.Ipv6Address":
                    (kind, width) = (KeyValueKind.Ipv6, 128);
                    break;
                case "Fastpath.MacAddress":
                    (kind, width) = (KeyValueKind.Mac, 48);
                    break;
                default:
                    if (t.SpecialType == SpecialType.System_Boolean)
                    {
                        (kind, width) = (KeyValueKind.Bool, 1);
                        break;
                    }
                    ITypeSymbol integer = t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying : t;
                    (width, unsigned) = integer.SpecialType switch
                    {
                        SpecialType.System_Byte or SpecialType.System_SByte => (8, "byte"),
                        SpecialType.System_UInt16 or SpecialType.System_Int16 => (16, "ushort"),
                        SpecialType.System_UInt32 or SpecialType.System_Int32 => (32, "uint"),
                        SpecialType.System_UInt64 or SpecialType.System_Int64 => (64, "ulong"),
                        _ => (0, ""),
                    };
                    if (width == 0)
                    {
                        problem = $"type '{t.ToDisplayString()}' cannot be a key: use an integer, an enum, bool, Ipv4Address, Ipv6Address or MacAddress";
                        return null;
                    }
                    kind = t.TypeKind == TypeKind.Enum ? KeyValueKind.Enum : KeyValueKind.Integer;
                    if (match == "Range" && integer.SpecialType is SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64)
                    {
                        problem = $"a range key is unsigned (ranges compare unsigned key bits), and '{t.ToDisplayString()}' is signed";
                        return null;
                    }
                    break;
            }
            if (match == "Lpm" && kind is not (KeyValueKind.Ipv4 or KeyValueKind.Ipv6))
            {
                problem = $"LPM keys are Ipv4Address or Ipv6Address, not '{t.ToDisplayString()}'; for leading bits of another field use MatchKind.Ternary";
                return null;
            }
            if (match == "Range" && width > 64)
            {
                problem = "a range key is at most 64 bits wide";
                return null;
            }
            return new TableKeyModel(method.Name, typeName, match, kind, width, unsigned);
        }

        private static TableActionModel? ReadAction(IMethodSymbol method, INamedTypeSymbol packet, out string? problem)
        {
            problem = null;
            bool ok = method.IsStatic && !method.IsGenericMethod && method.ReturnType.ToDisplayString() == VerdictType && method.Parameters.Length >= 2
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, packet) && method.Parameters[0].RefKind == RefKind.Ref
                && method.Parameters[1].Type.ToDisplayString() == PacketBufferType && method.Parameters[1].RefKind == RefKind.None;
            if (!ok)
            {
                problem = $"a [TableAction] is 'static Verdict {method.Name}(ref {packet.Name} p, PacketBuffer buffer, …parameters)'";
                return null;
            }
            var parameters = new List<TableParameterModel>();
            foreach (IParameterSymbol parameter in method.Parameters.Skip(2))
            {
                if (parameter.RefKind != RefKind.None || !parameter.Type.IsUnmanagedType || parameter.Type.IsRefLikeType)
                {
                    problem = $"parameter '{parameter.Name}' must be a plain value of an unmanaged type: entries keep it in the table";
                    return null;
                }
                parameters.Add(new TableParameterModel(parameter.Name, parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
            }
            return new TableActionModel(method.Name, new EquatableArray<TableParameterModel>(parameters));
        }
    }
}
