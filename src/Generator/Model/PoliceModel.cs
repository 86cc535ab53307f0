namespace Fastpath.Generator.Model
{
    /// <summary>A [Police] meter on a rule's action: RFC 2697's marker when <c>PeakRate</c> is 0, else RFC 2698's; <c>Red</c> names the VerdictKind a red packet gets.</summary>
    internal sealed record PoliceModel(long CommittedRate, long CommittedBurst, long ExcessBurst, long PeakRate, long PeakBurst, string Red);
}
