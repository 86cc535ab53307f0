namespace Fastpath;

/// <summary>Polices a rule's action with a token-bucket meter: packets the meter marks red get <see cref="Red"/> instead of the action; green and yellow ones run it.</summary>
/// <remarks>
/// <para>
/// With only <see cref="CommittedRate"/>, <see cref="CommittedBurst"/> and <see cref="ExcessBurst"/> the
/// meter is RFC 2697's single-rate three-color marker; with <see cref="PeakRate"/> and
/// <see cref="PeakBurst"/> it is RFC 2698's two-rate marker. Both are color-blind and count bytes.
/// </para>
/// <para>
/// Each worker's copy of the [Rules] struct holds its own meter (made on its first packet), and the
/// clock is read once per burst in <c>BeginBurst</c>: no shared state and no clock read per packet.
/// So the rates are per worker, as with DPDK's per-lcore meters; police on one core when a global
/// rate matters.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class PoliceAttribute : Attribute
{
    /// <summary>The committed information rate (CIR), in bytes per second.</summary>
    public long CommittedRate { get; set; }

    /// <summary>The committed burst size (CBS), in bytes.</summary>
    public long CommittedBurst { get; set; }

    /// <summary>The excess burst size (EBS), in bytes, of the single-rate marker.</summary>
    public long ExcessBurst { get; set; }

    /// <summary>The peak information rate (PIR), in bytes per second; set it (with <see cref="PeakBurst"/>) for the two-rate marker.</summary>
    public long PeakRate { get; set; }

    /// <summary>The peak burst size (PBS), in bytes, of the two-rate marker.</summary>
    public long PeakBurst { get; set; }

    /// <summary>The verdict for a red packet instead of the action.</summary>
    public VerdictKind Red { get; set; } = VerdictKind.Drop;
}
