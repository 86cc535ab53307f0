using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fastpath.Tests.Engine;

/// <summary>A processor with every verdict: ARP to the slow path, a magic last byte throws, two EtherTypes undecided or forwarded to a missing port, every tenth other frame dropped, the rest sent back (or forwarded) with the MACs swapped.</summary>
internal struct MixProcessor(int forwardTo = -1) : IPacketProcessor
{
    private readonly int _forwardTo = forwardTo;
    private long _udp;
    private long _bursts;

    /// <summary>Return how many frames reached the drop-every-tenth rule.</summary>
    public readonly long Counted => _udp;

    /// <summary>Return how many bursts the worker began.</summary>
    public readonly long Bursts => _bursts;

    public void BeginBurst() => _bursts++;

    public Verdict Process(PacketBuffer buffer)
    {
        Span<byte> f = buffer.Data;
        if (f.Length < 14)
            return Verdict.Drop;
        if (f[^1] == MixTraffic.Magic)
            ThrowFault();
        switch (BinaryPrimitives.ReadUInt16BigEndian(f.Slice(12, 2)))
        {
            case 0x0806:
                return Verdict.SlowPath;
            case MixTraffic.Undecided:
                return Verdict.Continue;
            case MixTraffic.ToMissingPort:
                return Verdict.Forward(MixTraffic.MissingPort);
        }
        if (++_udp % 10 == 0)
            return Verdict.Drop;
        // Swap the MAC addresses: 6 bytes each way through a stack copy.
        Span<byte> mac = stackalloc byte[6];
        f[..6].CopyTo(mac);
        f.Slice(6, 6).CopyTo(f);
        mac.CopyTo(f[6..]);
        return _forwardTo < 0 ? Verdict.Transmit : Verdict.Forward((ushort)_forwardTo);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFault() => throw new InvalidOperationException("magic byte: a deliberate bug in the action");
}

/// <summary>Sends every packet back out: with a loopback port, traffic that never ends.</summary>
internal readonly struct EchoProcessor : IPacketProcessor
{
    public void BeginBurst()
    {
    }

    public Verdict Process(PacketBuffer buffer) => Verdict.Transmit;
}

/// <summary>Records, on the first packet, which cores the worker thread may run on; then sends it back.</summary>
internal readonly struct AffinityProbe(StrongBox<int[]?> cores) : IPacketProcessor
{
    public void BeginBurst()
    {
    }

    public Verdict Process(PacketBuffer buffer)
    {
        cores.Value ??= CpuAffinity.CurrentThreadCores();
        return Verdict.Transmit;
    }
}
