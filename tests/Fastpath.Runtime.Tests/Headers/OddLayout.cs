namespace Fastpath.Tests.Layouts;

/// <summary>The colours a test enum field can hold; other values must survive a round trip too.</summary>
public enum Shade : byte
{
    Red = 1,
    Green = 2,
}

/// <summary>A header of awkward fields: odd widths across byte boundaries, little-endian, signed, an enum, a 64-bit and a byte span.</summary>
[Header]
public readonly ref partial struct OddLayout
{
    [Bits(3)] public partial byte A { get; set; }
    [Bits(24)] public partial uint B { get; set; }
    [Bits(5)] public partial byte C { get; set; }
    [Bits(48)] public partial ulong D { get; set; }
    [Bits(16, LittleEndian = true)] public partial ushort E { get; set; }
    [Bits(1)] public partial bool F { get; set; }
    [Bits(33)] public partial ulong G { get; set; }
    [Bits(6)] public partial sbyte H { get; set; }
    [Bits(32, LittleEndian = true)] public partial uint I { get; set; }
    [Bits(60)] public partial ulong J { get; set; }
    [Bits(4)] public partial byte K { get; set; }
    [Bits(7)] public partial Shade L { get; set; }
    [Bits(1)] public partial bool M { get; set; }
    [Bits(64)] public partial long N { get; set; }
    [Bytes(3)] public partial Span<byte> O { get; }
    [Bits(64, LittleEndian = true)] public partial ulong P { get; set; }
}
