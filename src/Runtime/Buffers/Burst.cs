using System.Runtime.CompilerServices;

namespace Fastpath;

/// <summary>Room for one burst of buffers on the stack: up to <see cref="MaxSize"/>, DPDK's customary burst.</summary>
[InlineArray(MaxSize)]
public struct Burst
{
    /// <summary>The most buffers in one burst: 32 amortises a ring access over enough packets to hide its cost (DPDK l3fwd).</summary>
    public const int MaxSize = 32;

    private PacketBuffer _first;
}
