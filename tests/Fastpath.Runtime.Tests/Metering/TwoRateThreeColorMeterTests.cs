using static Fastpath.PacketColor;

namespace Fastpath.Tests.Metering;

/// <summary>RFC 2698 step by step: hand-computed token counts after every packet.</summary>
public class TwoRateThreeColorMeterTests
{
    private const long Ms = 1_000_000; // ns

    // CIR one token per ms, PIR two per ms.
    private static TwoRateThreeColorMeter Meter() => new(cir: 1000, pir: 2000, cbs: 1000, pbs: 1500);

    [Fact]
    public void ColorBlindFollowsThePeakBucketFirst()
    {
        var m = Meter();
        AssertTokens(m, tp: 1500, tc: 1000); // "initially (at time 0) full"

        Assert.Equal(Green, m.Mark(0, 800)); // Tp and Tc both pay
        AssertTokens(m, 700, 200);
        Assert.Equal(Yellow, m.Mark(0, 500)); // Tp pays, Tc 200 short: yellow, only Tp decremented
        AssertTokens(m, 200, 200);
        Assert.Equal(Red, m.Mark(0, 300)); // Tp 200 short: red, nothing decremented
        AssertTokens(m, 200, 200);
        Assert.Equal(Green, m.Mark(0, 200));
        AssertTokens(m, 0, 0);

        // 250 ms: Tp gains 500 (PIR 2000/s), Tc 250 (CIR 1000/s).
        Assert.Equal(Yellow, m.Mark(250 * Ms, 400));
        AssertTokens(m, 100, 250);
        Assert.Equal(Green, m.Mark(250 * Ms, 100));
        AssertTokens(m, 0, 150);

        // 10 s idle: each bucket stops at its own size.
        Assert.Equal(Yellow, m.Mark(10_250 * Ms, 1500)); // fits PBS, not CBS
        AssertTokens(m, 0, 1000);
        Assert.Equal(Red, m.Mark(10_250 * Ms, 10)); // over the peak rate: red though Tc is full
        AssertTokens(m, 0, 1000);
    }

    [Fact]
    public void ColorAwareNeverPromotes()
    {
        var m = Meter();
        Assert.Equal(Red, m.Mark(0, 100, Red)); // pre-colored red is red, whatever the buckets hold
        AssertTokens(m, 1500, 1000);
        Assert.Equal(Yellow, m.Mark(0, 500, Yellow)); // yellow takes from Tp only, never from Tc
        AssertTokens(m, 1000, 1000);
        Assert.Equal(Green, m.Mark(0, 500, Green));
        AssertTokens(m, 500, 500);
        Assert.Equal(Red, m.Mark(0, 600, Green)); // Tp 500 short
        Assert.Equal(Yellow, m.Mark(0, 500, Yellow));
        AssertTokens(m, 0, 500);

        // 500 ms: Tp +1000, Tc +500 (up to CBS).
        Assert.Equal(Yellow, m.Mark(500 * Ms, 200, Yellow));
        AssertTokens(m, 800, 1000);
        Assert.Equal(Yellow, m.Mark(500 * Ms, 200, Yellow)); // Tc is full, yellow still stays yellow
        AssertTokens(m, 600, 1000);
        Assert.Equal(Green, m.Mark(500 * Ms, 600, Green));
        AssertTokens(m, 0, 400);
    }

    [Fact]
    public void ARefillWithAPeakRateFarAboveTheCommittedRateOverflowsNothing()
    {
        // PIR / CIR = 2^40: the committed bucket's fill time times PIR would overflow, so each bucket caps its own gap.
        var m = new TwoRateThreeColorMeter(cir: 1, pir: TwoRateThreeColorMeter.MaxRate, cbs: TwoRateThreeColorMeter.MaxBurst, pbs: TwoRateThreeColorMeter.MaxBurst);
        Assert.Equal(Green, m.Mark(0, int.MaxValue));
        AssertTokens(m, 0, 0);
        Assert.Equal(Yellow, m.Mark(1_000_000_000, 100)); // 1 s: Tp full again, Tc 1 token
        AssertTokens(m, TwoRateThreeColorMeter.MaxBurst - 100, 1);
        Assert.Equal(Green, m.Mark(long.MaxValue, 0)); // the end of time: both full, no wrap
        AssertTokens(m, TwoRateThreeColorMeter.MaxBurst, TwoRateThreeColorMeter.MaxBurst);
    }

    [Fact]
    public void ParametersFollowTheRfc()
    {
        var m = new TwoRateThreeColorMeter(cir: 10, pir: 10, cbs: 1, pbs: 1); // "PIR must be equal to or greater than the CIR"
        Assert.Equal((10, 10, 1, 1), (m.CommittedRate, m.PeakRate, m.CommittedBurst, m.PeakBurst));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(10, 9, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(0, 9, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(1, 9, 0, 1)); // "greater than 0"
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(1, 9, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(1, TwoRateThreeColorMeter.MaxRate + 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoRateThreeColorMeter(1, 1, TwoRateThreeColorMeter.MaxBurst + 1, 1));
    }

    [Fact]
    public void MarkingAllocatesNothing()
    {
        var m = new TwoRateThreeColorMeter(125_000_000, 250_000_000, 15_000, 30_000);
        long sum = Run(m, 100_000);
        Assert.Equal(0, Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() => sum += Run(m, 1_000_000)));
        Assert.NotEqual(0, sum);

        static long Run(TwoRateThreeColorMeter m, int n)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (int)m.Mark(i / 32 * 10_000L, 64 + (i & 1023)) + (int)m.Mark(i / 32 * 10_000L, 64, (PacketColor)(i % 3));
            return sum;
        }
    }

    private static void AssertTokens(TwoRateThreeColorMeter m, long tp, long tc)
    {
        Assert.Equal((tp, tc), (m.PeakTokens, m.CommittedTokens));
    }
}
