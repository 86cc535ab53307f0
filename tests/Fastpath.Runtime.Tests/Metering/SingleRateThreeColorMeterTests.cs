using static Fastpath.PacketColor;

namespace Fastpath.Tests.Metering;

/// <summary>RFC 2697 step by step: hand-computed token counts after every packet.</summary>
public class SingleRateThreeColorMeterTests
{
    private const long Ms = 1_000_000; // ns

    // CIR 1000 bytes/s is one token per millisecond, which keeps the hand arithmetic readable.
    private static SingleRateThreeColorMeter Meter() => new(cir: 1000, cbs: 1500, ebs: 1000);

    [Fact]
    public void ColorBlindBurstExhaustsCbsThenEbsAndRefillFillsCbsFirst()
    {
        var m = Meter();
        AssertTokens(m, tc: 1500, te: 1000); // "initially (at time 0) set to CBS … EBS"

        Assert.Equal(Green, m.Mark(0, 1000)); // Tc 1500 - 1000 >= 0
        AssertTokens(m, 500, 1000);
        Assert.Equal(Yellow, m.Mark(0, 1000)); // Tc 500 short; Te 1000 - 1000 >= 0
        AssertTokens(m, 500, 0);
        Assert.Equal(Green, m.Mark(0, 100)); // a smaller packet still fits in Tc: the test is per packet
        AssertTokens(m, 400, 0);
        Assert.Equal(Red, m.Mark(0, 500)); // Tc 400 and Te 0 both short: red, neither decremented
        AssertTokens(m, 400, 0);

        // 500 ms at 1000 bytes/s: 500 tokens, all to Tc because Tc < CBS.
        Assert.Equal(Red, m.Mark(500 * Ms, 1000));
        AssertTokens(m, 900, 0);

        // 2 s more: 2000 tokens; 600 fill Tc to CBS, the other 1400 go to Te, which stops at EBS.
        Assert.Equal(Green, m.Mark(2500 * Ms, 1500));
        AssertTokens(m, 0, 1000);
    }

    [Fact]
    public void FractionsOfATokenCarryOverInsteadOfBeingLost()
    {
        var m = Meter();
        Assert.Equal(Green, m.Mark(0, 1500));
        Assert.Equal(Yellow, m.Mark(0, 1000));
        AssertTokens(m, 0, 0);

        Assert.Equal(Green, m.Mark(1_500_000, 1)); // 1.5 ms: Tc 1.5, one byte fits
        Assert.Equal(500_000_000, m.CommittedScaled); // half a token left
        Assert.Equal(Red, m.Mark(1_500_000, 1)); // Tc 0.5 < 1 and Te 0
        Assert.Equal(Green, m.Mark(2_000_000, 1)); // 0.5 ms more: Tc exactly 1.0
        Assert.Equal(0, m.CommittedScaled);
    }

    [Fact]
    public void ABurstAtOneTimestampGoesGreenThenYellowThenRed()
    {
        // CBS holds two full-size frames, EBS three: the worker marks a whole burst with one timestamp.
        var m = new SingleRateThreeColorMeter(cir: 125_000, cbs: 3000, ebs: 4500, startNs: 7 * Ms);
        PacketColor[] colors = [.. Enumerable.Range(0, 8).Select(_ => m.Mark(7 * Ms, 1500))];
        Assert.Equal([Green, Green, Yellow, Yellow, Yellow, Red, Red, Red], colors);
        AssertTokens(m, 0, 0);

        // 12 ms at 125 000 bytes/s = 1500 tokens: one more green frame, then red again.
        Assert.Equal(Green, m.Mark(19 * Ms, 1500));
        Assert.Equal(Red, m.Mark(19 * Ms, 1500));
    }

    [Fact]
    public void ColorAwareYellowNeverTurnsGreenAndRedStaysRed()
    {
        var m = Meter();
        Assert.Equal(Yellow, m.Mark(0, 1000, Yellow)); // Tc is full, but a yellow packet may only use Te
        AssertTokens(m, 1500, 0);
        Assert.Equal(Red, m.Mark(0, 100, Yellow)); // Te empty: red, though Tc could pay for it
        Assert.Equal(Red, m.Mark(0, 100, Red)); // pre-colored red is always red
        AssertTokens(m, 1500, 0);
        Assert.Equal(Green, m.Mark(0, 100, Green));
        AssertTokens(m, 1400, 0);
        Assert.Equal(Red, m.Mark(0, 1500, Green)); // Tc 1400 short, Te 0 short
        Assert.Equal(Green, m.Mark(0, 1400, Green));
        AssertTokens(m, 0, 0);

        // 1 s: 1000 tokens, all into Tc (it is below CBS); Te stays empty, so yellow is still red.
        Assert.Equal(Red, m.Mark(1000 * Ms, 500, Yellow));
        AssertTokens(m, 1000, 0);

        // 2 s more: 500 fill Tc, 1500 overflow into Te (capped at 1000); now yellow fits.
        Assert.Equal(Yellow, m.Mark(3000 * Ms, 800, Yellow));
        AssertTokens(m, 1500, 200);

        // A green packet that Tc cannot pay for falls to Te, like color-blind.
        Assert.Equal(Green, m.Mark(3000 * Ms, 1400, Green));
        Assert.Equal(Yellow, m.Mark(3000 * Ms, 200, Green));
        AssertTokens(m, 100, 0);
    }

    [Fact]
    public void ALongIdleFillsBothBucketsAndOverflowsNothing()
    {
        // The largest configuration, drained, then idle for a century: the refill is capped, not wrapped.
        var m = new SingleRateThreeColorMeter(SingleRateThreeColorMeter.MaxRate, SingleRateThreeColorMeter.MaxBurst, SingleRateThreeColorMeter.MaxBurst);
        while (m.Mark(0, int.MaxValue) != Red)
        {
        }
        AssertTokens(m, 0, 0);
        long century = 100L * 365 * 24 * 3600 * 1_000_000_000;
        Assert.Equal(Green, m.Mark(century, 1));
        AssertTokens(m, SingleRateThreeColorMeter.MaxBurst - 1, SingleRateThreeColorMeter.MaxBurst);
        Assert.Equal(Green, m.Mark(long.MaxValue, 0));
        AssertTokens(m, SingleRateThreeColorMeter.MaxBurst, SingleRateThreeColorMeter.MaxBurst);
    }

    [Fact]
    public void AClockThatStepsBackGrantsNothingTwice()
    {
        var m = Meter();
        m.Mark(1000 * Ms, 1500);
        m.Mark(1000 * Ms, 1000);
        AssertTokens(m, 0, 0);
        m.Mark(900 * Ms, 0); // 100 ms back: no tokens, and the meter keeps its last time
        AssertTokens(m, 0, 0);
        m.Mark(1000 * Ms, 0); // back where it was: still nothing, since no time has passed since 1000 ms
        AssertTokens(m, 0, 0);
        m.Mark(1010 * Ms, 0);
        AssertTokens(m, 10, 0);
    }

    [Fact]
    public void ParametersFollowTheRfc()
    {
        var m = new SingleRateThreeColorMeter(cir: 1, cbs: 0, ebs: 1); // "at least one of them must be larger than 0"
        Assert.Equal(1, m.CommittedRate);
        Assert.Equal(0, m.CommittedBurst);
        Assert.Equal(1, m.ExcessBurst);
        Assert.Throws<ArgumentException>(() => new SingleRateThreeColorMeter(1000, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleRateThreeColorMeter(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleRateThreeColorMeter(SingleRateThreeColorMeter.MaxRate + 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleRateThreeColorMeter(1000, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleRateThreeColorMeter(1000, 1, SingleRateThreeColorMeter.MaxBurst + 1));
    }

    [Fact]
    public void MarkingAllocatesNothing()
    {
        var m = new SingleRateThreeColorMeter(125_000_000, 15_000, 30_000);
        long sum = Run(m, 100_000);
        Assert.Equal(0, Fastpath.Tests.Support.AllocationProbe.SmallestOfThree(() => sum += Run(m, 1_000_000)));
        Assert.NotEqual(0, sum);

        static long Run(SingleRateThreeColorMeter m, int n)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (int)m.Mark(i / 32 * 10_000L, 64 + (i & 1023)) + (int)m.Mark(i / 32 * 10_000L, 64, (PacketColor)(i % 3));
            return sum;
        }
    }

    private static void AssertTokens(SingleRateThreeColorMeter m, long tc, long te)
    {
        Assert.Equal((tc, te), (m.CommittedTokens, m.ExcessTokens));
    }
}
