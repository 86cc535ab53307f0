namespace Fastpath.Tests.Metering;

public class StatsLineTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void FormatsTheDifferenceBetweenTwoSamples()
    {
        StatsSample before = Sample(5 * Second, rx: (1_000, 64_000), tx: (900, 57_600), parse: 5, txFull: 1, slow: 3, empty: 100, bursts: 100);
        StatsSample after = Sample(6 * Second,
            rx: (1_000 + 1_230_000, 64_000 + 101_500_000), // 812 Mbit/s
            tx: (900 + 1_210_000, 57_600 + 100_000_000), // 800 Mbit/s
            parse: 15, txFull: 3, slow: 3, empty: 100 + 34, bursts: 100 + 66);

        Assert.Equal(
            "rx 1.23 Mpps 812 Mbit/s | tx 1.21 Mpps 800 Mbit/s | drops 12 (parse 10, tx-full 2) | slow 0 | idle 34%",
            StatsLine.Format(before, after));
    }

    [Fact]
    public void RatesAreDividedByTheIntervalAndCountsAreNot()
    {
        // Two seconds: the rates halve, the drop and slow-path counts are the interval's.
        StatsSample before = Sample(0, rx: (0, 0), tx: (0, 0));
        StatsSample after = Sample(2 * Second, rx: (50_000, 3_000_000), tx: (2_000_000_000, 250_000_000_000), parse: 0, txFull: 0, slow: 7, empty: 1, bursts: 2);
        after.Drops[(int)DropReason.MeterRed] = 4;

        Assert.Equal(
            "rx 25.0 kpps 12.0 Mbit/s | tx 1.00 Gpps 1.00 Tbit/s | drops 4 (meter-red 4) | slow 7 | idle 33%",
            StatsLine.Format(before, after));
    }

    [Fact]
    public void AnIdleOrStoppedEngineReadsAsZeros()
    {
        StatsSample s = Sample(0, rx: (10, 640), tx: (10, 640));
        StatsSample same = Sample(Second, rx: (10, 640), tx: (10, 640));
        Assert.Equal("rx 0 pps 0 bit/s | tx 0 pps 0 bit/s | drops 0 | slow 0 | idle -", StatsLine.Format(s, same));
        // Counters that went down (a worker unregistered in between) count as zero, not as negative rates.
        Assert.Equal("rx 0 pps 0 bit/s | tx 0 pps 0 bit/s | drops 0 | slow 0 | idle -", StatsLine.Format(same, Sample(2 * Second, rx: (0, 0), tx: (0, 0))));
        // The same timestamp twice: no interval, no rate.
        Assert.StartsWith("rx 0 pps 0 bit/s | ", StatsLine.Format(s, Sample(0, rx: (99, 9900), tx: (10, 640))));
    }

    [Theory]
    [InlineData(0, "0 pps")]
    [InlineData(37, "37 pps")]
    [InlineData(999, "999 pps")]
    [InlineData(999.6, "1.00 kpps")]
    [InlineData(1_000, "1.00 kpps")]
    [InlineData(12_345, "12.3 kpps")]
    [InlineData(99_960, "100 kpps")]
    [InlineData(812_000, "812 kpps")]
    [InlineData(999_700, "1.00 Mpps")]
    [InlineData(1_234_567, "1.23 Mpps")]
    [InlineData(14_880_952, "14.9 Mpps")]
    [InlineData(2.5e15, "2.50 Ppps")]
    [InlineData(3e18, "3000 Ppps")]
    public void RatesHaveThreeSignificantDigitsAndAnSiPrefix(double perSecond, string expected)
    {
        Assert.Equal(expected, StatsLine.Rate(perSecond, 1, "pps"));
        Assert.Equal(expected, StatsLine.Rate(perSecond * 4, 4, "pps"));
    }

    private static StatsSample Sample(long ns, (long Packets, long Bytes) rx, (long Packets, long Bytes) tx,
        long parse = 0, long txFull = 0, long slow = 0, long empty = 0, long bursts = 0)
    {
        var s = new StatsSample(ns)
        {
            RxPackets = rx.Packets,
            RxBytes = rx.Bytes,
            TxPackets = tx.Packets,
            TxBytes = tx.Bytes,
            SlowPathPackets = slow,
            EmptyPolls = empty,
            Bursts = bursts,
        };
        s.Drops[(int)DropReason.ParseError] = parse;
        s.Drops[(int)DropReason.TxFull] = txFull;
        return s;
    }
}
