using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fastpath;

/// <summary>Unchecked big- and little-endian loads and stores at a reference, for generated header views.</summary>
/// <remarks>
/// Callers have proved the bytes are in bounds with one length check, so these skip the per-read
/// check that <see cref="BinaryPrimitives"/> on a span would repeat: an unaligned load plus a byte
/// swap, which the JIT turns into one <c>movbe</c> or <c>mov</c> + <c>bswap</c>. Odd widths
/// (3, 5, 6, 7 bytes) are composed from loads inside the field, so nothing is read past it.
/// </remarks>
public static class Wire
{
    /// <summary>Read a 16-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ref byte p) => BigEndian(Unsafe.ReadUnaligned<ushort>(ref p));

    /// <summary>Read a 24-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt24(ref byte p) => (uint)ReadUInt16(ref p) << 8 | Unsafe.Add(ref p, 2);

    /// <summary>Read a 32-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ref byte p) => BigEndian(Unsafe.ReadUnaligned<uint>(ref p));

    /// <summary>Read a 40-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt40(ref byte p) => (ulong)ReadUInt32(ref p) << 8 | Unsafe.Add(ref p, 4);

    /// <summary>Read a 48-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt48(ref byte p) => (ulong)ReadUInt32(ref p) << 16 | ReadUInt16(ref Unsafe.Add(ref p, 4));

    /// <summary>Read a 56-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt56(ref byte p) => (ulong)ReadUInt32(ref p) << 24 | (ulong)ReadUInt24(ref Unsafe.Add(ref p, 4));

    /// <summary>Read a 64-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64(ref byte p) => BigEndian(Unsafe.ReadUnaligned<ulong>(ref p));

    /// <summary>Read a 16-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16LittleEndian(ref byte p) => LittleEndian(Unsafe.ReadUnaligned<ushort>(ref p));

    /// <summary>Read a 32-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32LittleEndian(ref byte p) => LittleEndian(Unsafe.ReadUnaligned<uint>(ref p));

    /// <summary>Read a 64-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64LittleEndian(ref byte p) => LittleEndian(Unsafe.ReadUnaligned<ulong>(ref p));

    /// <summary>Write a 16-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16(ref byte p, ushort value) => Unsafe.WriteUnaligned(ref p, BigEndian(value));

    /// <summary>Write a 24-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt24(ref byte p, uint value)
    {
        WriteUInt16(ref p, (ushort)(value >> 8));
        Unsafe.Add(ref p, 2) = (byte)value;
    }

    /// <summary>Write a 32-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32(ref byte p, uint value) => Unsafe.WriteUnaligned(ref p, BigEndian(value));

    /// <summary>Write a 40-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt40(ref byte p, ulong value)
    {
        WriteUInt32(ref p, (uint)(value >> 8));
        Unsafe.Add(ref p, 4) = (byte)value;
    }

    /// <summary>Write a 48-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt48(ref byte p, ulong value)
    {
        WriteUInt32(ref p, (uint)(value >> 16));
        WriteUInt16(ref Unsafe.Add(ref p, 4), (ushort)value);
    }

    /// <summary>Write a 56-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt56(ref byte p, ulong value)
    {
        WriteUInt32(ref p, (uint)(value >> 24));
        WriteUInt24(ref Unsafe.Add(ref p, 4), (uint)value & 0xFF_FFFF);
    }

    /// <summary>Write a 64-bit big-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64(ref byte p, ulong value) => Unsafe.WriteUnaligned(ref p, BigEndian(value));

    /// <summary>Write a 16-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16LittleEndian(ref byte p, ushort value) => Unsafe.WriteUnaligned(ref p, LittleEndian(value));

    /// <summary>Write a 32-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32LittleEndian(ref byte p, uint value) => Unsafe.WriteUnaligned(ref p, LittleEndian(value));

    /// <summary>Write a 64-bit little-endian value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64LittleEndian(ref byte p, ulong value) => Unsafe.WriteUnaligned(ref p, LittleEndian(value));

    private static ushort BigEndian(ushort v) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;

    private static uint BigEndian(uint v) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;

    private static ulong BigEndian(ulong v) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;

    private static ushort LittleEndian(ushort v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);

    private static uint LittleEndian(uint v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);

    private static ulong LittleEndian(ulong v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
}
