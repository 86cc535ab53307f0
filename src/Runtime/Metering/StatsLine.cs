using System.Globalization;
using System.Text;

namespace Fastpath;

/// <summary>Formats the once-a-second console line, in the spirit of testpmd's port statistics, from two samples.</summary>
/// <remarks>
/// <c>rx 1.23 Mpps 812 Mbit/s | tx 1.21 Mpps 800 Mbit/s | drops 12 (parse 10, tx-full 2) | slow 0 | idle 34%</c>:
/// rates are per second over the interval between the samples, in bytes of the frames as the port
/// saw them (no preamble or inter-frame gap); drops and slow-path packets are counts within the
/// interval, drops broken down by the reasons that occurred; idle is the share of receive polls
/// that found nothing. A counter that went down (a worker unregistered in between) counts as 0.
/// </remarks>
public static class StatsLine
{
    private static readonly string[] Prefixes = ["", "k", "M", "G", "T", "P"];

    /// <summary>Format the line for the interval from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static string Format(StatsSample previous, StatsSample current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        double seconds = (current.TimestampNs - previous.TimestampNs) / 1e9;
        var line = new StringBuilder(128);

        line.Append("rx ").Append(Rate(Delta(previous.RxPackets, current.RxPackets), seconds, "pps"))
            .Append(' ').Append(Rate(Delta(previous.RxBytes, current.RxBytes) * 8, seconds, "bit/s"));
        line.Append(" | tx ").Append(Rate(Delta(previous.TxPackets, current.TxPackets), seconds, "pps"))
            .Append(' ').Append(Rate(Delta(previous.TxBytes, current.TxBytes) * 8, seconds, "bit/s"));

        long drops = 0;
        for (int r = 0; r < current.Drops.Length; r++)
            drops += Delta(previous.Drops[r], current.Drops[r]);
        line.Append(" | drops ").Append(drops.ToString(CultureInfo.InvariantCulture));
        if (drops > 0)
        {
            line.Append(" (");
            bool first = true;
            for (int r = 0; r < current.Drops.Length; r++)
            {
                long d = Delta(previous.Drops[r], current.Drops[r]);
                if (d == 0)
                    continue;
                if (!first)
                    line.Append(", ");
                first = false;
                line.Append(DropReasons.Name((DropReason)r)).Append(' ').Append(d.ToString(CultureInfo.InvariantCulture));
            }
            line.Append(')');
        }

        line.Append(" | slow ").Append(Delta(previous.SlowPathPackets, current.SlowPathPackets).ToString(CultureInfo.InvariantCulture));

        long empty = Delta(previous.EmptyPolls, current.EmptyPolls);
        long polls = empty + Delta(previous.Bursts, current.Bursts);
        line.Append(" | idle ");
        // No polls at all means no worker ran: say so rather than claim 0% or 100%.
        if (polls == 0)
            line.Append('-');
        else
            line.Append(Math.Round(100.0 * empty / polls, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)).Append('%');
        return line.ToString();
    }

    /// <summary>Format <paramref name="count"/> per <paramref name="seconds"/> with an SI prefix and three significant digits, e.g. <c>1.23 Mpps</c>, <c>812 Mbit/s</c>, <c>0 pps</c>.</summary>
    public static string Rate(double count, double seconds, string unit)
    {
        double value = seconds > 0 ? count / seconds : 0;
        int prefix = 0;
        while (true)
        {
            // Without a prefix, whole units: "37 pps" reads better than "37.0 pps".
            int decimals = prefix == 0 ? 0 : 2;
            double rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            // Fewer decimals as the integer part grows, so there are always three significant digits.
            while (decimals > 0 && rounded >= (decimals == 2 ? 10 : 100))
            {
                decimals--;
                rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            }
            // 999.7 k rounds to 1000 k: go up a prefix instead and print 1.00 M.
            if (rounded >= 1000 && prefix < Prefixes.Length - 1)
            {
                value /= 1000;
                prefix++;
                continue;
            }
            return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Prefixes[prefix] + unit;
        }
    }

    private static long Delta(long before, long after) => after > before ? after - before : 0;
}
