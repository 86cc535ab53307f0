namespace Fastpath;

/// <summary>Decides what to do with one packet: parse, match, act. The generator emits one per [Rules] class.</summary>
/// <remarks>
/// Implementations are structs and the worker loop takes them as a generic parameter
/// (<c>where TProcessor : struct, IPacketProcessor</c>), so the JIT inlines <see cref="Process"/>
/// into the loop: no interface or virtual call per packet.
/// </remarks>
public interface IPacketProcessor
{
    /// <summary>Pick up, once per receive burst, what may change between bursts: a table's current snapshot, the clock a meter reads.</summary>
    /// <remarks>Per burst rather than per packet so that a packet pays no volatile read for it (DPDK apps read their tables' and clock's state once per burst too).</remarks>
    void BeginBurst();

    /// <summary>Decide the fate of <paramref name="buffer"/>, which may be rewritten in place; never throws on bad input.</summary>
    Verdict Process(PacketBuffer buffer);
}
