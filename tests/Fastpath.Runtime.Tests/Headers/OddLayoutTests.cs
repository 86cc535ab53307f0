using CsCheck;
using Fastpath.Tests.Layouts;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Headers;

/// <summary>The generated accessors against a one-bit-at-a-time reference, on random bytes and random values.</summary>
public class OddLayoutTests
{
    // (name, bit offset, width, little-endian): the layout as the reference sees it.
    private static readonly (string Name, int Offset, int Width, bool LittleEndian)[] s_fields =
    [
        ("A", 0, 3, false), ("B", 3, 24, false), ("C", 27, 5, false), ("D", 32, 48, false),
        ("E", 80, 16, true), ("F", 96, 1, false), ("G", 97, 33, false), ("H", 130, 6, false),
        ("I", 136, 32, true), ("J", 168, 60, false), ("K", 228, 4, false), ("L", 232, 7, false),
        ("M", 239, 1, false), ("N", 240, 64, false), ("P", 328, 64, true),
    ];

    private static ulong Get(Span<byte> bytes, string name)
    {
        Assert.True(OddLayout.TryCreate(bytes, out var h));
        return name switch
        {
            "A" => h.A, "B" => h.B, "C" => h.C, "D" => h.D, "E" => h.E, "F" => h.F ? 1UL : 0UL,
            "G" => h.G, "H" => (byte)(h.H & 0x3F), "I" => h.I, "J" => h.J, "K" => h.K, "L" => (byte)h.L,
            "M" => h.M ? 1UL : 0UL, "N" => unchecked((ulong)h.N), "P" => h.P,
            _ => throw new ArgumentException(name),
        };
    }

    private static void Set(Span<byte> bytes, string name, ulong v)
    {
        Assert.True(OddLayout.TryCreate(bytes, out var h));
        switch (name)
        {
            case "A": h.A = (byte)v; break;
            case "B": h.B = (uint)v; break;
            case "C": h.C = (byte)v; break;
            case "D": h.D = v; break;
            case "E": h.E = (ushort)v; break;
            case "F": h.F = v != 0; break;
            case "G": h.G = v; break;
            case "H": h.H = unchecked((sbyte)v); break;
            case "I": h.I = (uint)v; break;
            case "J": h.J = v; break;
            case "K": h.K = (byte)v; break;
            case "L": h.L = (Shade)v; break;
            case "M": h.M = v != 0; break;
            case "N": h.N = unchecked((long)v); break;
            case "P": h.P = v; break;
        }
    }

    private static ulong Reference(byte[] bytes, (string Name, int Offset, int Width, bool LittleEndian) f) =>
        f.LittleEndian ? BitReference.ReadLittleEndian(bytes, f.Offset / 8, f.Width / 8) : BitReference.Read(bytes, f.Offset, f.Width);

    [Fact]
    public void LayoutConstantsMatchTheDeclaration()
    {
        Assert.Equal(49, OddLayout.HeaderLength);
        Assert.Equal(4, OddLayout.Field.D);
        Assert.Equal(38, OddLayout.Field.O);
        Assert.False(OddLayout.TryCreate(new byte[48], out _));
    }

    [Fact]
    public void EveryGetterAgreesWithTheReferenceOnRandomBytes()
    {
        Gen.Byte.Array[OddLayout.HeaderLength].Sample(bytes =>
        {
            foreach (var f in s_fields)
                Assert.True(Reference(bytes, f) == Get(bytes, f.Name), $"{f.Name} on {Convert.ToHexString(bytes)}");
            Assert.True(OddLayout.TryCreate(bytes, out var h));
            Assert.Equal(bytes.AsSpan(38, 3).ToArray(), h.O.ToArray());
        }, iter: 2000);
    }

    [Fact]
    public void EverySetterWritesOnlyItsOwnBits()
    {
        Gen.Select(Gen.Byte.Array[OddLayout.HeaderLength], Gen.Int[0, s_fields.Length - 1], Gen.ULong).Sample((bytes, index, value) =>
        {
            var f = s_fields[index];
            ulong masked = f.Width == 64 ? value : value & ((1UL << f.Width) - 1);
            byte[] expected = bytes.ToArray();
            if (f.LittleEndian)
            {
                for (int i = 0; i < f.Width / 8; i++)
                    expected[f.Offset / 8 + i] = (byte)(masked >> (8 * i));
            }
            else
            {
                BitReference.Write(expected, f.Offset, f.Width, masked);
            }
            byte[] actual = bytes.ToArray();
            Set(actual, f.Name, masked);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{f.Name} = {masked:X}: expected {Convert.ToHexString(expected)}, got {Convert.ToHexString(actual)}");
            Assert.Equal(masked, Get(actual, f.Name));
        }, iter: 5000);
    }

    [Fact]
    public void UnknownEnumValuesSurvive()
    {
        var bytes = new byte[OddLayout.HeaderLength];
        Set(bytes, "L", 0x7F);
        Assert.True(OddLayout.TryCreate(bytes, out var h));
        Assert.Equal((Shade)0x7F, h.L);
    }

    [Fact]
    public void AbsentViewReadsZeroAndIsInvalid()
    {
        var h = OddLayout.Absent;
        Assert.False(h.IsValid);
        Assert.Equal(0UL, h.J);
        Assert.Equal(0, h.Bytes.Length);
    }
}
