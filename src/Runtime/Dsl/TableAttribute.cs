namespace Fastpath;

/// <summary>Declares a match/action table over a parser type on a <c>partial class</c>: the generator adds its key, action and reader types and the control-plane API.</summary>
/// <remarks>
/// The P4 table, in C#: <see cref="KeyAttribute"/> methods read the key fields from a parsed packet,
/// <see cref="TableActionAttribute"/> methods are the actions an entry can name (with its
/// parameters), one of them the default for a miss. Entries are installed at run time; workers read
/// them through a per-worker <c>Reader</c> that takes the current snapshot once per burst.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TableAttribute(Type packet) : Attribute
{
    /// <summary>The [Parser] type whose packets the key methods read.</summary>
    public Type Packet { get; } = packet;

    /// <summary>The most entries the table holds (P4's <c>size</c>); an insert past it fails.</summary>
    public int Size { get; set; } = 1024;

    /// <summary>Whether each entry counts the packets and bytes that hit it (P4's direct counters), per worker, read with <c>ReadCounters(key)</c>.</summary>
    /// <remarks>
    /// Off unless asked for, as in P4: two adds per hit look free but are not when a burst hits one
    /// entry — each packet's add waits for the last one's store. On ForwardBenchmarks' L3 path (every
    /// packet on one route) counting took the forwarding cost from 10.3 to 17.4 ns a packet.
    /// </remarks>
    public bool Counters { get; set; }
}
