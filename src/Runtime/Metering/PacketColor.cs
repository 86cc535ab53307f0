namespace Fastpath;

/// <summary>The color a three-color meter gives a packet (RFC 2697, RFC 2698); also the pre-color a color-aware meter is given.</summary>
public enum PacketColor : byte
{
    /// <summary>Within the committed rate and burst.</summary>
    Green = 0,

    /// <summary>Over the committed limits but within the excess burst (srTCM) or the peak rate (trTCM).</summary>
    Yellow = 1,

    /// <summary>Over every limit: the action usually drops it (<see cref="DropReason.MeterRed"/>) or marks it for drop.</summary>
    Red = 2,
}
