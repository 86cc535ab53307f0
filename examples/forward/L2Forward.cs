namespace Fastpath.Examples.Forward;

/// <summary>The L2 forwarder (testpmd's macswap, l2fwd's port pairs): swap the MACs and send out of the paired port (0↔1, 2↔3, …; a lone port answers itself).</summary>
[Rules(typeof(L2Packet), OnParseError = VerdictKind.Drop)]
public partial struct L2Forward
{
    /// <summary>How many ports the worker has.</summary>
    public ushort PortCount;

    [Rule]
    private static bool IsFrame(in L2Packet p) => p.HasEthernet;

    [Action(nameof(IsFrame))]
    private readonly Verdict Swap(ref L2Packet p, PacketBuffer buffer)
    {
        var ethernet = p.Ethernet;
        MacAddress destination = ethernet.Destination;
        ethernet.Destination = ethernet.Source;
        ethernet.Source = destination;
        ushort port = buffer.Port;
        ushort peer = (ushort)(port ^ 1);
        return peer < PortCount ? Verdict.Forward(peer) : Verdict.Transmit;
    }
}
