namespace Fastpath;

/// <summary>What happens to a packet after its rules and tables have run.</summary>
public enum VerdictKind : byte
{
    /// <summary>Free the buffer and count a drop.</summary>
    Drop = 0,

    /// <summary>Send it back out of the port it came in on (rewritten in place, if the action did).</summary>
    Transmit,

    /// <summary>Send it out of another port of the same worker.</summary>
    Forward,

    /// <summary>Hand it to the control-plane thread (ARP, ICMP, management): the slow path.</summary>
    SlowPath,

    /// <summary>No decision: fall through to the next rule, or to the default.</summary>
    Continue,
}

/// <summary>A rule's or table entry's decision for one packet: a kind and, for <see cref="VerdictKind.Forward"/>, the output port.</summary>
public readonly record struct Verdict(VerdictKind Kind, ushort Port = 0)
{
    /// <summary>Free and count.</summary>
    public static Verdict Drop => new(VerdictKind.Drop);

    /// <summary>Back out of the input port.</summary>
    public static Verdict Transmit => new(VerdictKind.Transmit);

    /// <summary>To the slow path.</summary>
    public static Verdict SlowPath => new(VerdictKind.SlowPath);

    /// <summary>No decision yet.</summary>
    public static Verdict Continue => new(VerdictKind.Continue);

    /// <summary>Out of <paramref name="port"/>.</summary>
    public static Verdict Forward(ushort port) => new(VerdictKind.Forward, port);
}
