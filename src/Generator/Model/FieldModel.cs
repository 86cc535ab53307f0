namespace Fastpath.Generator.Model
{
    /// <summary>One header field: where its bits are and what C# type they read as.</summary>
    /// <param name="TypeName">The property type, fully qualified.</param>
    /// <param name="StorageType">The integer keyword the bits are held in (the enum's underlying type for enums).</param>
    /// <param name="Accessibility">The property's declared accessibility, repeated on the implementation.</param>
    internal sealed record FieldModel(
        string Name,
        FieldKind Kind,
        string TypeName,
        string StorageType,
        string Accessibility,
        int BitOffset,
        int Width,
        bool LittleEndian,
        bool HasSetter)
    {
        public int ByteOffset => BitOffset / 8;

        public int BitInByte => BitOffset % 8;

        /// <summary>The number of whole bytes the field touches.</summary>
        public int ByteCount => (BitInByte + Width + 7) / 8;

        public bool IsSelectable => Kind is FieldKind.Integer or FieldKind.Boolean or FieldKind.Enum;
    }
}
