using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fastpath.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fastpath.Generator
{
    /// <summary>Turns a [Header] struct's symbol into a <see cref="HeaderModel"/> and its diagnostics.</summary>
    internal static class HeaderParser
    {
        public const string HeaderAttribute = "Fastpath.HeaderAttribute";
        private const string BitsAttribute = "Fastpath.BitsAttribute";
        private const string BytesAttribute = "Fastpath.BytesAttribute";
        private const string LengthAttribute = "Fastpath.LengthAttribute";
        private const string TotalLengthAttribute = "Fastpath.TotalLengthAttribute";
        private const string ExpectAttribute = "Fastpath.ExpectAttribute";

        /// <summary>The longest header: an absent view reads its fields from <c>HeaderScratch</c>, which holds this many zero bytes.</summary>
        public const int MaxHeaderBytes = 4096;

        private const long MaxHeaderBits = MaxHeaderBytes * 8L;

        // Members every generated view has; a field of the same name would not compile.
        private static readonly string[] s_viewMembers =
        {
            "Field", "HeaderLength", "Absent", "CreateUnchecked", "TryCreate", "IsValid", "LengthInBytes", "Bytes", "At", "_p", "_length",
        };

        /// <summary>Analyse one header type; the model is null when an error makes it unemittable.</summary>
        public static AnalysisResult<HeaderModel> Analyze(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            AttributeData? headerAttribute = Find(type, HeaderAttribute);
            Location? headerLocation = LocationOf(headerAttribute) ?? type.Locations.FirstOrDefault();

            var declaration = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<StructDeclarationSyntax>()
                .ToList();
            // A header from a referenced assembly was checked when that assembly was built; only its shape is read here.
            bool fromSource = !type.DeclaringSyntaxReferences.IsEmpty;
            bool isPartial = !fromSource || (declaration.Count > 0 && declaration.All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)));
            if (!type.IsRefLikeType || !type.IsReadOnly || !isPartial || type.ContainingType is not null || type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeaderShape, type.Locations.FirstOrDefault(), type.Name));
                return new AnalysisResult<HeaderModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }

            var fields = new List<FieldModel>();
            int cursor = 0;
            int maxEnd = 0;
            foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                AttributeData? bits = Find(property, BitsAttribute);
                AttributeData? bytes = Find(property, BytesAttribute);
                if (bits is null && bytes is null)
                {
                    // A partial property nobody implements was meant to be a field; one the user implements is theirs.
                    if (fromSource && property.IsPartialDefinition && property.PartialImplementationPart is null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PartialPropertyWithoutField, property.Locations.FirstOrDefault(), property.Name, type.Name));
                    continue;
                }

                Location? location = LocationOf(bits ?? bytes) ?? property.Locations.FirstOrDefault();
                if (fromSource && !IsFieldDeclaration(property, cancellationToken))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PartialPropertyWithoutField, location, property.Name, type.Name));
                    continue;
                }
                if (bits is not null && bytes is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, "declare it with [Bits] or with [Bytes], not both"));
                    continue;
                }

                FieldModel? field = bits is not null
                    ? BitsField(property, bits, ref cursor, location, diagnostics)
                    : BytesField(property, bytes!, ref cursor, location, diagnostics);
                if (field is null)
                    continue;
                fields.Add(field);
                maxEnd = System.Math.Max(maxEnd, field.BitOffset + field.Width);
            }

            // A field already reported leaves a gap; checking the length of what is left would only repeat the report.
            bool fieldErrors = diagnostics.Count > 0;
            int declaredLength = headerAttribute is null ? 0 : Named<int>(headerAttribute, "Length", 0);
            int fixedLength;
            if (declaredLength < 0 || declaredLength > MaxHeaderBytes)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHeaderLength, headerLocation, type.Name, declaredLength.ToString()));
                fixedLength = 0;
            }
            else if (declaredLength > 0)
            {
                fixedLength = declaredLength;
                foreach (FieldModel field in fields)
                {
                    if (field.BitOffset + field.Width > declaredLength * 8)
                    {
                        Location? location = LocationOf(Find(FieldSymbol(type, field.Name), BitsAttribute) ?? Find(FieldSymbol(type, field.Name), BytesAttribute));
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldPastHeaderEnd, location,
                            field.Name, (field.BitOffset + field.Width).ToString(), type.Name, declaredLength.ToString()));
                    }
                }
            }
            else
            {
                if (maxEnd % 8 != 0 && !fieldErrors)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldsDoNotCloseByte, headerLocation, type.Name, maxEnd.ToString()));
                fixedLength = (maxEnd + 7) / 8;
                // A header without fields would have no bytes: its view could never be valid, and a stack of it would not advance.
                if (fixedLength == 0 && !fieldErrors)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHeaderLength, headerLocation, type.Name, "0"));
            }

            string? lengthField = null;
            int scale = 1, add = 0;
            AttributeData? length = Find(type, LengthAttribute);
            if (length is not null)
            {
                lengthField = Argument<string>(length, 0);
                scale = Named(length, "Scale", 1);
                add = Named(length, "Add", 0);
                CheckIntegerField(fields, lengthField, "Length", type.Name, length, diagnostics);
                if (scale < 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, LocationOf(length), lengthField ?? "", "[Length] Scale must be at least 1"));
            }

            string? totalField = null;
            int totalAdd = 0;
            AttributeData? total = Find(type, TotalLengthAttribute);
            if (total is not null)
            {
                totalField = Argument<string>(total, 0);
                totalAdd = Named(total, "Add", 0);
                CheckIntegerField(fields, totalField, "TotalLength", type.Name, total, diagnostics);
            }

            var expects = new List<ExpectModel>();
            foreach (AttributeData expect in type.GetAttributes().Where(a => Is(a, ExpectAttribute)))
            {
                string? name = Argument<string>(expect, 0);
                if (!CheckIntegerField(fields, name, "Expect", type.Name, expect, diagnostics))
                    continue;
                ulong value = ToUInt64(expect.ConstructorArguments[1].Value);
                string error = "BadField";
                foreach (KeyValuePair<string, TypedConstant> named in expect.NamedArguments)
                {
                    if (named.Key == "Error" && named.Value.Type is INamedTypeSymbol errorType)
                    {
                        error = errorType.GetMembers().OfType<IFieldSymbol>()
                            .FirstOrDefault(f => f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue) == System.Convert.ToInt64(named.Value.Value))?.Name ?? error;
                    }
                }
                expects.Add(new ExpectModel(name!, value, error));
            }

            foreach (FieldModel field in fields)
            {
                bool generated = s_viewMembers.Contains(field.Name) || (lengthField is not null && field.Name == "Options");
                if (generated)
                {
                    ISymbol symbol = FieldSymbol(type, field.Name);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, LocationOf(Find(symbol, BitsAttribute) ?? Find(symbol, BytesAttribute)),
                        field.Name, $"the view of header '{type.Name}' generates a member named '{field.Name}'"));
                }
            }

            if (diagnostics.Count > 0)
                return new AnalysisResult<HeaderModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));

            string modifiers = declaration.Count == 0 || declaration[0].Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? "readonly ref" : "ref";
            var model = new HeaderModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                modifiers,
                new EquatableArray<FieldModel>(fields),
                fixedLength,
                lengthField,
                scale,
                add,
                totalField,
                totalAdd,
                new EquatableArray<ExpectModel>(expects));
            return new AnalysisResult<HeaderModel>(model, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static FieldModel? BitsField(IPropertySymbol property, AttributeData bits, ref int cursor, Location? location, List<DiagnosticInfo> diagnostics)
        {
            int width = Argument<int>(bits, 0);
            int offset = Named(bits, "Offset", -1);
            bool littleEndian = Named(bits, "LittleEndian", false);
            if (offset < -1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name,
                    $"Offset {offset} is negative: give a bit offset, or -1 for right after the previous field"));
                return null;
            }
            if (offset < 0)
                offset = cursor;
            cursor = (int)System.Math.Min((long)offset + System.Math.Max(width, 0), int.MaxValue);

            ITypeSymbol type = property.Type;
            FieldKind kind;
            string storage;
            int maxWidth;
            switch (type)
            {
                case { SpecialType: SpecialType.System_Boolean }:
                    kind = FieldKind.Boolean; storage = "byte"; maxWidth = 1;
                    break;
                case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                    kind = FieldKind.Enum; storage = Keyword(underlying.SpecialType)!; maxWidth = Bits(underlying.SpecialType);
                    break;
                case INamedTypeSymbol named when named.ToDisplayString() == "Fastpath.MacAddress":
                    kind = FieldKind.MacAddress; storage = "ulong"; maxWidth = 48;
                    break;
                case INamedTypeSymbol named when named.ToDisplayString() == "Fastpath.Ipv4Address":
                    kind = FieldKind.Ipv4Address; storage = "uint"; maxWidth = 32;
                    break;
                case INamedTypeSymbol named when named.ToDisplayString() == "Fastpath.Ipv6Address":
                    kind = FieldKind.Ipv6Address; storage = "ulong"; maxWidth = 128;
                    break;
                default:
                    string? keyword = Keyword(type.SpecialType);
                    if (keyword is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFieldType, location, property.Name, type.ToDisplayString()));
                        return null;
                    }
                    kind = FieldKind.Integer; storage = keyword; maxWidth = Bits(type.SpecialType);
                    break;
            }

            bool isAddress = kind is FieldKind.MacAddress or FieldKind.Ipv4Address or FieldKind.Ipv6Address;
            if (isAddress ? width != maxWidth : width < 1 || width > maxWidth)
            {
                string why = isAddress
                    ? $"a {type.Name} is {maxWidth} bits wide, not {width}"
                    : $"width {width} must be between 1 and {maxWidth} for {type.ToDisplayString()}";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, why));
                return null;
            }
            if (isAddress && offset % 8 != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, "an address must start on a byte boundary"));
                return null;
            }
            if (!isAddress && offset % 8 + width > 64)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name,
                    $"bits {offset}..{offset + width - 1} span more than 8 bytes; start the field nearer a byte boundary"));
                return null;
            }
            if (littleEndian && (offset % 8 != 0 || width is not (8 or 16 or 32 or 64)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LittleEndianUnaligned, location, property.Name));
                return null;
            }
            if (!FitsInHeader(property, offset, width, location, diagnostics))
                return null;

            return new FieldModel(property.Name, kind, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), storage,
                Accessibility(property), offset, width, littleEndian, property.SetMethod is not null);
        }

        private static FieldModel? BytesField(IPropertySymbol property, AttributeData bytes, ref int cursor, Location? location, List<DiagnosticInfo> diagnostics)
        {
            int count = Argument<int>(bytes, 0);
            int byteOffset = Named(bytes, "Offset", -1);
            if (byteOffset < -1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name,
                    $"Offset {byteOffset} is negative: give a byte offset, or -1 for right after the previous field"));
                return null;
            }
            // Offsets and ends in long: an Offset near int.MaxValue must be reported, not wrap to a negative offset.
            long start = byteOffset < 0 ? cursor : byteOffset * 8L;
            long end = start + System.Math.Max(count, 0) * 8L;
            cursor = (int)System.Math.Min(end, int.MaxValue);
            string display = property.Type.ToDisplayString();
            FieldKind kind = display switch
            {
                "System.Span<byte>" => FieldKind.Bytes,
                "System.ReadOnlySpan<byte>" => FieldKind.ReadOnlyBytes,
                _ => (FieldKind)(-1),
            };
            if ((int)kind < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFieldType, location, property.Name, display));
                return null;
            }
            if (count < 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, $"[Bytes({count})] must hold at least one byte"));
                return null;
            }
            if (end > MaxHeaderBits)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name,
                    $"bytes {start / 8}..{end / 8 - 1} end past byte {MaxHeaderBytes}, the longest a header can be"));
                return null;
            }
            int offset = (int)start;
            if (offset % 8 != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, "a byte field must start on a byte boundary"));
                return null;
            }
            if (property.SetMethod is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name, "a byte field is written through its span, so it has no setter"));
                return null;
            }
            return new FieldModel(property.Name, kind, property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), "byte",
                Accessibility(property), offset, count * 8, false, false);
        }

        /// <summary>Report a field that ends past the longest header; the arithmetic is in long so no offset wraps.</summary>
        private static bool FitsInHeader(IPropertySymbol property, int offset, int width, Location? location, List<DiagnosticInfo> diagnostics)
        {
            long end = (long)offset + width;
            if (end <= MaxHeaderBits)
                return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldWidth, location, property.Name,
                $"bits {offset}..{end - 1} end past byte {MaxHeaderBytes}, the longest a header can be"));
            return false;
        }

        private static bool CheckIntegerField(List<FieldModel> fields, string? name, string attribute, string header, AttributeData attributeData, List<DiagnosticInfo> diagnostics)
        {
            if (name is not null && fields.Any(f => f.Name == name && f.Kind is FieldKind.Integer or FieldKind.Enum))
                return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingLengthField, LocationOf(attributeData), attribute, name ?? "", header));
            return false;
        }

        /// <summary>
        /// Whether the property is declared as the emitter implements it: <c>partial T Name { get; }</c> or <c>{ get; set; }</c>,
        /// an instance member with one accessibility keyword and no body, ref return, init or accessor modifiers.
        /// </summary>
        private static bool IsFieldDeclaration(IPropertySymbol property, CancellationToken cancellationToken)
        {
            if (property.IsStatic || property.IsIndexer || property.ReturnsByRef || property.ReturnsByRefReadonly
                || property.GetMethod is null || property.PartialImplementationPart is not null)
                return false;
            return property.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<PropertyDeclarationSyntax>()
                .Any(p => p.Modifiers.Any(SyntaxKind.PartialKeyword)
                          && p.Modifiers.All(m => m.Kind() is SyntaxKind.PartialKeyword or SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.PrivateKeyword)
                          && p.ExplicitInterfaceSpecifier is null
                          && p.ExpressionBody is null
                          && p.AccessorList is { } accessors
                          && accessors.Accessors.All(a => a.Kind() is SyntaxKind.GetAccessorDeclaration or SyntaxKind.SetAccessorDeclaration
                                                          && a.Modifiers.Count == 0 && a.Body is null && a.ExpressionBody is null));
        }

        private static ISymbol FieldSymbol(INamedTypeSymbol type, string name) => type.GetMembers(name).First();

        private static string Accessibility(IPropertySymbol property) => property.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Private => "private",
            _ => "public",
        };

        internal static string? Keyword(SpecialType type) => type switch
        {
            SpecialType.System_Byte => "byte",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_Int64 => "long",
            _ => null,
        };

        private static int Bits(SpecialType type) => type switch
        {
            SpecialType.System_Byte or SpecialType.System_SByte => 8,
            SpecialType.System_UInt16 or SpecialType.System_Int16 => 16,
            SpecialType.System_UInt32 or SpecialType.System_Int32 => 32,
            _ => 64,
        };

        internal static AttributeData? Find(ISymbol symbol, string metadataName) =>
            symbol.GetAttributes().FirstOrDefault(a => Is(a, metadataName));

        internal static bool Is(AttributeData attribute, string metadataName) =>
            attribute.AttributeClass?.ToDisplayString() == metadataName;

        internal static Location? LocationOf(AttributeData? attribute) =>
            attribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation();

        internal static T? Argument<T>(AttributeData attribute, int index) =>
            attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is T value ? value : default;

        internal static T Named<T>(AttributeData attribute, string name, T fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == name && named.Value.Value is T value)
                    return value;
            }
            return fallback;
        }

        internal static ulong ToUInt64(object? value) => value switch
        {
            ulong u => u,
            long l => unchecked((ulong)l),
            int i => unchecked((ulong)i),
            uint u => u,
            ushort s => s,
            short s => unchecked((ulong)s),
            byte b => b,
            sbyte b => unchecked((ulong)b),
            _ => 0,
        };
    }
}
