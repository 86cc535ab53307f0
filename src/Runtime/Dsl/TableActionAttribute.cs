namespace Fastpath;

/// <summary>Marks an action of a [Table]: <c>static Verdict Name(ref TPacket p, PacketBuffer buffer, …parameters)</c>, the parameters being what an entry supplies (P4's action data).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TableActionAttribute : Attribute
{
    /// <summary>Whether this is the action for a packet no entry matches; exactly one action is, and it takes no parameters.</summary>
    public bool Default { get; set; }
}
