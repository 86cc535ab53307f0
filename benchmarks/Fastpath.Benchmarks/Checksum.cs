using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fastpath.Benchmarks;

/// <summary>Folds what a parser read into one number, so the JIT cannot drop the reads and the three parsers can be compared.</summary>
/// <remarks>
/// The words of one packet combine independently and join the running value with one rotate and
/// one xor, so the serial chain per packet is two instructions and the parsers, not the fold, set the pace.
/// </remarks>
public static class Checksum
{
    // Folded in for a rejected packet, so that where a parser drops packets counts too.
    private const ulong Rejected = 0x5A5A_0BAD_0BAD_5A5A;

    /// <summary>Fold the fields of one accepted packet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Accept(ulong checksum, in PacketFields f)
    {
        uint dnsFlags = (f.IsResponse ? 1u << 5 : 0u) | (uint)f.Opcode << 1 | (f.RecursionDesired ? 1u : 0u);
        ulong link = (ulong)f.EtherType << 48 | (ulong)f.VlanId << 32 | (ulong)f.Protocol << 24 | (ulong)dnsFlags << 16 | f.QuestionCount;
        ulong transport = (ulong)f.SourcePort << 48 | (ulong)f.DestinationPort << 32 | (ulong)f.DnsId << 16 ^ (uint)f.PayloadLength;
        ulong source = f.SourceHigh ^ BitOperations.RotateLeft(f.SourceLow, 17);
        ulong destination = f.DestinationHigh ^ BitOperations.RotateLeft(f.DestinationLow, 29);
        ulong packet = link ^ BitOperations.RotateLeft(transport, 8) ^ BitOperations.RotateLeft(source, 16) ^ BitOperations.RotateLeft(destination, 24);
        return BitOperations.RotateLeft(checksum, 5) ^ packet;
    }

    /// <summary>Fold one rejected packet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reject(ulong checksum) => BitOperations.RotateLeft(checksum, 5) ^ Rejected;
}
