using System.Globalization;
using System.Linq;
using Fastpath.Generator.Model;

namespace Fastpath.Generator
{
    /// <summary>Writes the view for one <see cref="HeaderModel"/>: constants, one length check, then unchecked accessors.</summary>
    internal static class HeaderEmitter
    {
        public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Fastpath.Generator\", \"0.1.0\")]";
        private const string Wire = "global::Fastpath.Wire";

        public static string Emit(HeaderModel header)
        {
            var w = new SourceWriter();
            w.FileHeader();
            if (header.Namespace.Length > 0)
                w.Open("namespace " + SourceWriter.QualifiedName(header.Namespace));

            w.Line("/// <remarks>");
            w.Line($"/// Layout of {header.Name} ({Describe(header)}), most significant bit first:");
            w.Line("/// <code>");
            // One column for the bit ranges, as wide as the widest, so the names line up.
            int column = header.Fields.Select(f => Bits(f).Length + 1).DefaultIfEmpty(0).Max();
            foreach (FieldModel field in header.Fields)
                w.Line($"/// {Bits(field).PadRight(column)}{field.Name}");
            w.Line("/// </code>");
            w.Line("/// </remarks>");
            w.Line(GeneratedCode);
            w.Open($"{header.Modifiers} partial struct {Id(header.Name)}");

            w.Line("/// <summary>Byte offsets of the fields from the start of the header (the first byte a field touches).</summary>");
            w.Open("public static class Field");
            foreach (FieldModel field in header.Fields)
            {
                w.Line($"/// <summary>{field.Name}: {Bits(field)}.</summary>");
                w.Line($"public const int {Id(field.Name)} = {field.ByteOffset};");
            }
            w.Close();
            w.Line();
            w.Line("/// <summary>The length of the fixed part of the header: the end of its last field.</summary>");
            w.Line($"public const int HeaderLength = {header.FixedLength};");
            w.Line();
            w.Line("// The first byte of the header in packet memory, and the header's length (0 when absent).");
            w.Line("private readonly ref byte _p;");
            w.Line("private readonly int _length;");
            w.Line();
            w.Open($"private {Id(header.Name)}(ref byte start, int length)");
            w.Line("_p = ref start;");
            w.Line("_length = length;");
            w.Close();
            w.Line();
            w.Line("/// <summary>A view of no header: <see cref=\"IsValid\"/> is false and fields read as zero from a scratch block, never from the packet.</summary>");
            w.Line($"public static {Id(header.Name)} Absent => new(ref global::Fastpath.HeaderScratch.Zeros, 0);");
            w.Line();
            w.Line("/// <summary>Create a view without checking: the caller has proved that <paramref name=\"length\"/> bytes follow <paramref name=\"start\"/>.</summary>");
            w.Line($"public static {Id(header.Name)} CreateUnchecked(ref byte start, int length) => new(ref start, length);");
            w.Line();
            EmitTryCreate(w, header);
            w.Line();
            w.Line("/// <summary>Return whether this view holds a header (false for <see cref=\"Absent\"/>).</summary>");
            w.Line("public bool IsValid => _length != 0;");
            w.Line();
            w.Line("/// <summary>Return the length of this header in bytes, options included.</summary>");
            w.Line("public int LengthInBytes => _length;");
            w.Line();
            w.Line("/// <summary>Return the bytes of this header, options included.</summary>");
            w.Line("public global::System.Span<byte> Bytes => global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref _p, _length);");
            if (header.IsVariableLength)
            {
                w.Line();
                w.Line("/// <summary>Return the bytes after the fixed fields, up to the header's length.</summary>");
                w.Line("public global::System.Span<byte> Options => global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(");
                w.Line($"    ref global::System.Runtime.CompilerServices.Unsafe.Add(ref _p, HeaderLength), global::System.Math.Max(0, _length - HeaderLength));");
            }
            w.Line();
            w.Line("// Reads and writes below use constant offsets below HeaderLength, which TryCreate or the parser has checked.");
            w.Line("private ref byte At(int offset) => ref global::System.Runtime.CompilerServices.Unsafe.Add(ref _p, offset);");
            foreach (FieldModel field in header.Fields)
            {
                w.Line();
                EmitField(w, field);
            }
            w.Close();
            if (header.Namespace.Length > 0)
                w.Close();
            return w.ToString();
        }

        private static void EmitTryCreate(SourceWriter w, HeaderModel header)
        {
            w.Line("/// <summary>Return a view of the header at the start of <paramref name=\"data\"/>, or false when the bytes cannot hold it.</summary>");
            w.Open($"public static bool TryCreate(global::System.Span<byte> data, out {Id(header.Name)} header)");
            w.Line("header = Absent;");
            w.Line("if (data.Length < HeaderLength)");
            w.Line("    return false;");
            w.Line("ref byte start = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(data);");
            if (header.IsVariableLength)
            {
                bool wide = IsWideLength(header);
                w.Line($"{(wide ? "long" : "int")} length = {LengthExpression(header, $"new {Id(header.Name)}(ref start, HeaderLength)")};");
                w.Line("if (length < HeaderLength || length > data.Length)");
                w.Line("    return false;");
                w.Line(wide ? "header = new(ref start, (int)length);" : "header = new(ref start, length);");
            }
            else
            {
                w.Line("header = new(ref start, HeaderLength);");
            }
            w.Line("return true;");
            w.Close();
        }

        /// <summary>
        /// The expression for a variable header's length in bytes, read through <paramref name="view"/>: an int, or a long
        /// when <see cref="IsWideLength"/> (then compare it before narrowing, so a huge field never wraps to a small length).
        /// </summary>
        public static string LengthExpression(HeaderModel header, string view)
        {
            FieldModel field = LengthField(header);
            string text = WideValue(field, $"{view}.{Id(field.Name)}");
            bool wide = IsWide(field);
            if (!wide && field.Kind == FieldKind.Enum)
                text = $"({field.StorageType}){text}";
            if (header.LengthScale != 1)
                text = $"{text} * {header.LengthScale}";
            if (header.LengthAdd != 0)
                text = $"{text} + {header.LengthAdd}";
            if (wide)
                return text;
            return header.LengthScale == 1 && header.LengthAdd == 0 ? $"(int){text}" : $"(int)({text})";
        }

        /// <summary>Whether the header's length is computed in long: its field is 32 or 64 bits, so field × Scale may not fit an int.</summary>
        public static bool IsWideLength(HeaderModel header) => IsWide(LengthField(header));

        /// <summary>Whether a length field is 32 or 64 bits wide in C#, too wide to scale in int arithmetic.</summary>
        public static bool IsWide(FieldModel field) => field.StorageType is "uint" or "int" or "ulong" or "long";

        /// <summary>
        /// A wide length field's value as a long no larger than int.MaxValue, so scaling cannot overflow (checked or not) and
        /// a huge or negative value still fails the caller's bounds check; a narrow field as it is.
        /// </summary>
        public static string WideValue(FieldModel field, string read) =>
            IsWide(field) ? $"(long)global::System.Math.Min(unchecked((ulong){read}), 0x7FFFFFFFUL)" : read;

        private static FieldModel LengthField(HeaderModel header)
        {
            foreach (FieldModel field in header.Fields)
            {
                if (field.Name == header.LengthField)
                    return field;
            }
            throw new System.InvalidOperationException($"Header {header.Name} has no length field {header.LengthField}");
        }

        private static void EmitField(SourceWriter w, FieldModel field)
        {
            w.Line($"/// <summary>Return the {field.Name} field ({Bits(field)}{(field.LittleEndian ? ", little-endian" : "")}).</summary>");
            string at = $"ref At({field.ByteOffset})";
            switch (field.Kind)
            {
                case FieldKind.Bytes:
                    w.Line($"{field.Accessibility} partial {field.TypeName} {Id(field.Name)} => global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan({at}, {field.Width / 8});");
                    return;
                case FieldKind.ReadOnlyBytes:
                    w.Line($"{field.Accessibility} partial {field.TypeName} {Id(field.Name)} => global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan({at}, {field.Width / 8});");
                    return;
                case FieldKind.Ipv6Address:
                    w.Open($"{field.Accessibility} partial {field.TypeName} {Id(field.Name)}");
                    w.Line($"get => new({Wire}.ReadUInt64({at}), {Wire}.ReadUInt64(ref At({field.ByteOffset + 8})));");
                    if (field.HasSetter)
                    {
                        w.Open("set");
                        w.Line($"{Wire}.WriteUInt64({at}, value.High);");
                        w.Line($"{Wire}.WriteUInt64(ref At({field.ByteOffset + 8}), value.Low);");
                        w.Close();
                    }
                    w.Close();
                    return;
            }

            w.Open($"{field.Accessibility} partial {field.TypeName} {Id(field.Name)}");
            w.Line($"get => {Convert(field, RawRead(field))};");
            if (field.HasSetter)
                w.Line($"set => {RawWrite(field)};");
            w.Close();
        }

        /// <summary>The unsigned expression holding the field's bits, right-aligned.</summary>
        private static string RawRead(FieldModel field)
        {
            int bytes = field.ByteCount;
            int shift = bytes * 8 - field.BitInByte - field.Width;
            string load = Load(field, bytes);
            string text = shift > 0 ? $"({load} >> {shift})" : load;
            if (field.Width < bytes * 8)
                text = $"({text} & {Hex(Mask(field.Width), bytes)})";
            return text;
        }

        private static string Load(FieldModel field, int bytes) => bytes == 1
            ? $"At({field.ByteOffset})"
            : $"{Wire}.ReadUInt{bytes * 8}{(field.LittleEndian ? "LittleEndian" : "")}(ref At({field.ByteOffset}))";

        private static string Convert(FieldModel field, string raw) => field.Kind switch
        {
            FieldKind.Boolean => $"{raw} != 0",
            FieldKind.Enum when IsSigned(field) => $"({field.TypeName}){SignExtend(field, raw)}",
            FieldKind.Enum => $"({field.TypeName})({field.StorageType}){raw}",
            FieldKind.MacAddress => $"new({raw})",
            FieldKind.Ipv4Address => $"new({raw})",
            _ when IsSigned(field) => SignExtend(field, raw),
            _ => NeedsCast(field) ? $"({field.StorageType}){raw}" : raw,
        };

        private static bool IsSigned(FieldModel field) => field.StorageType is "sbyte" or "short" or "int" or "long";

        /// <summary>
        /// A signed field narrower than its type holds two's complement in its own bits: shift its top bit to the top of
        /// an int (or long) and back, so a 4-bit 0xF reads as -1, as the setter wrote it.
        /// </summary>
        private static string SignExtend(FieldModel field, string raw)
        {
            int typeBits = field.StorageType switch { "sbyte" => 8, "short" => 16, "int" => 32, _ => 64 };
            if (field.Width == typeBits)
                return $"unchecked(({field.StorageType}){raw})";
            if (typeBits == 64)
                return $"unchecked((long)((ulong){raw} << {64 - field.Width}) >> {64 - field.Width})";
            string extended = $"(int)((uint){raw} << {32 - field.Width}) >> {32 - field.Width}";
            return field.StorageType == "int" ? $"unchecked({extended})" : $"unchecked(({field.StorageType})({extended}))";
        }

        // A raw load already has the field's type when the field fills whole bytes of that type.
        private static bool NeedsCast(FieldModel field)
        {
            int bytes = field.ByteCount;
            string loaded = bytes switch { 1 => "byte", 2 => "ushort", 3 or 4 => "uint", _ => "ulong" };
            bool exact = field.BitInByte == 0 && field.Width == bytes * 8;
            return !(exact && loaded == field.StorageType);
        }

        /// <summary>The statement writing <c>value</c> into the field's bits, leaving its neighbours alone.</summary>
        private static string RawWrite(FieldModel field)
        {
            int bytes = field.ByteCount;
            string composite = bytes switch { 1 => "byte", 2 => "ushort", 3 or 4 => "uint", _ => "ulong" };
            string arithmetic = Arithmetic(bytes);
            string value = field.Kind switch
            {
                FieldKind.Boolean => $"(value ? 1{Suffix(bytes)} : 0{Suffix(bytes)})",
                FieldKind.Enum => $"({arithmetic})({field.StorageType})value",
                FieldKind.MacAddress or FieldKind.Ipv4Address => "value.Value",
                _ when field.StorageType is "sbyte" or "short" or "int" or "long" => $"unchecked(({arithmetic})value)",
                _ => $"({arithmetic})value",
            };
            string suffix = field.LittleEndian ? "LittleEndian" : "";
            bool whole = field.BitInByte == 0 && field.Width == bytes * 8;
            int shift = bytes * 8 - field.BitInByte - field.Width;
            string merged;
            if (whole)
            {
                merged = field.Kind switch
                {
                    FieldKind.Integer when field.StorageType == composite => "value",
                    FieldKind.MacAddress or FieldKind.Ipv4Address => "value.Value",
                    FieldKind.Enum => IsSigned(field) ? $"unchecked(({composite})value)" : $"({composite})value",
                    _ => $"unchecked(({composite})value)",
                };
            }
            else
            {
                ulong mask = Mask(field.Width);
                ulong keep = Mask(bytes * 8) & ~(mask << shift);
                string shifted = shift > 0 ? $"(({value} & {Hex(mask, bytes)}) << {shift})" : $"({value} & {Hex(mask, bytes)})";
                merged = $"({composite})(({Load(field, bytes)} & {Hex(keep, bytes)}) | {shifted})";
            }
            return bytes == 1
                ? $"At({field.ByteOffset}) = {merged}"
                : $"{Wire}.WriteUInt{bytes * 8}{suffix}(ref At({field.ByteOffset}), {merged})";
        }

        private static string Id(string name) => SourceWriter.Identifier(name);

        private static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

        // Fields of one or two bytes compute in int (what C# promotes byte and ushort to), wider ones in uint or ulong.
        private static string Arithmetic(int bytes) => bytes <= 2 ? "int" : bytes <= 4 ? "uint" : "ulong";

        private static string Suffix(int bytes) => bytes <= 2 ? "" : bytes <= 4 ? "u" : "UL";

        private static string Hex(ulong value, int bytes) =>
            "0x" + value.ToString(bytes > 4 ? "X16" : bytes > 2 ? "X8" : bytes > 1 ? "X4" : "X2", CultureInfo.InvariantCulture) + Suffix(bytes);

        private static string Bits(FieldModel field) => field.Width == 1
            ? $"bit {field.BitOffset}"
            : $"bits {field.BitOffset}..{field.BitOffset + field.Width - 1}";

        private static string Describe(HeaderModel header)
        {
            string text = header.IsVariableLength
                ? $"{header.FixedLength} fixed bytes, length {header.LengthField}{(header.LengthScale != 1 ? " × " + header.LengthScale : "")}{(header.LengthAdd != 0 ? " + " + header.LengthAdd : "")}"
                : header.FixedLength == 1 ? "1 byte" : $"{header.FixedLength} bytes";
            if (header.TotalLengthField is not null)
                text += $"; {header.TotalLengthField}{(header.TotalLengthAdd != 0 ? " + " + header.TotalLengthAdd : "")} bounds the packet";
            return text;
        }
    }
}
