using CsCheck;

namespace Fastpath.Tests.Metering;

/// <summary>The integer meters against naive floating-point models of RFC 2697 and RFC 2698, over random rates, sizes and timings.</summary>
/// <remarks>
/// The models keep tokens as doubles in bytes and refill by <c>seconds × rate</c>, as the RFCs read.
/// At every packet the bucket levels must agree within one token. The colors must agree too,
/// unless the model's deciding bucket is within one token of the packet size (a rounding tie);
/// then the model takes the meter's color, so the two stay in step for the packets that follow.
/// </remarks>
public class MeterPropertyTests
{
    private const double Tolerance = 1.0; // tokens

    private sealed record Step(long GapNs, int Bytes, PacketColor Color);

    // Mostly packets of one burst (same timestamp) or microseconds apart, sometimes a long idle.
    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((4, Gen.Const(0L)), (5, Gen.Long[0, 2_000_000]), (1, Gen.Long[0, 5_000_000_000])),
        Gen.Frequency((3, Gen.Int[0, 1518]), (1, Gen.Int[0, 9000])),
        Gen.Enum<PacketColor>(),
        (gap, bytes, color) => new Step(gap, bytes, color));

    [Fact]
    public void SingleRateMatchesTheFloatingPointModel()
    {
        var gen =
            from cir in Gen.Long[1_000, 200_000_000]
            from cbs in Gen.Long[0, 100_000]
            from ebs in Gen.Long[cbs == 0 ? 1 : 0, 100_000]
            from start in Gen.Long[0, 1L << 50]
            from aware in Gen.Bool
            from steps in Steps.Array[1, 200]
            select (cir, cbs, ebs, start, aware, steps);
        gen.Sample(t =>
        {
            var meter = new SingleRateThreeColorMeter(t.cir, t.cbs, t.ebs, t.start);
            var model = new SrTcmModel(t.cir, t.cbs, t.ebs, t.start);
            long now = t.start;
            foreach (Step s in t.steps)
            {
                now += s.GapNs;
                PacketColor color = t.aware ? meter.Mark(now, s.Bytes, s.Color) : meter.Mark(now, s.Bytes);
                model.Refill(now);
                // The meter has already taken this packet's tokens: compare after the model takes them too.
                PacketColor expected = model.Decide(s.Bytes, t.aware ? s.Color : PacketColor.Green);
                if (color != expected)
                    Assert.True(model.IsTie(s.Bytes), $"meter {color}, model {expected} at Tc {model.Tc}, Te {model.Te}, B {s.Bytes}");
                model.Take(color, s.Bytes);
                AssertNear(model.Tc, meter.CommittedScaled);
                AssertNear(model.Te, meter.ExcessScaled);
            }
        }, iter: 2000);
    }

    [Fact]
    public void TwoRateMatchesTheFloatingPointModel()
    {
        var gen =
            from cir in Gen.Long[1_000, 200_000_000]
            from pir in Gen.Long[cir, 400_000_000]
            from cbs in Gen.Long[1, 100_000]
            from pbs in Gen.Long[1, 100_000]
            from start in Gen.Long[0, 1L << 50]
            from aware in Gen.Bool
            from steps in Steps.Array[1, 200]
            select (cir, pir, cbs, pbs, start, aware, steps);
        gen.Sample(t =>
        {
            var meter = new TwoRateThreeColorMeter(t.cir, t.pir, t.cbs, t.pbs, t.start);
            var model = new TrTcmModel(t.cir, t.pir, t.cbs, t.pbs, t.start);
            long now = t.start;
            foreach (Step s in t.steps)
            {
                now += s.GapNs;
                PacketColor color = t.aware ? meter.Mark(now, s.Bytes, s.Color) : meter.Mark(now, s.Bytes);
                model.Refill(now);
                PacketColor expected = model.Decide(s.Bytes, t.aware ? s.Color : PacketColor.Green);
                if (color != expected)
                    Assert.True(model.IsTie(s.Bytes), $"meter {color}, model {expected} at Tp {model.Tp}, Tc {model.Tc}, B {s.Bytes}");
                model.Take(color, s.Bytes);
                AssertNear(model.Tc, meter.CommittedScaled);
                AssertNear(model.Tp, meter.PeakScaled);
            }
        }, iter: 2000);
    }

    [Fact]
    public void ColorAwareWithEveryPacketGreenIsColorBlind()
    {
        // RFC 2697 and RFC 2698 both define color-blind as color-aware with all packets green.
        var gen =
            from cir in Gen.Long[1_000, 200_000_000]
            from burst in Gen.Long[1, 100_000]
            from steps in Steps.Array[1, 200]
            select (cir, burst, steps);
        gen.Sample(t =>
        {
            var blind1 = new SingleRateThreeColorMeter(t.cir, t.burst, t.burst / 2);
            var aware1 = new SingleRateThreeColorMeter(t.cir, t.burst, t.burst / 2);
            var blind2 = new TwoRateThreeColorMeter(t.cir, t.cir * 2, t.burst, t.burst * 2);
            var aware2 = new TwoRateThreeColorMeter(t.cir, t.cir * 2, t.burst, t.burst * 2);
            long now = 0;
            foreach (Step s in t.steps)
            {
                now += s.GapNs;
                Assert.Equal(blind1.Mark(now, s.Bytes), aware1.Mark(now, s.Bytes, PacketColor.Green));
                Assert.Equal(blind2.Mark(now, s.Bytes), aware2.Mark(now, s.Bytes, PacketColor.Green));
            }
        }, iter: 500);
    }

    private static void AssertNear(double modelTokens, long meterScaled)
    {
        double meterTokens = meterScaled / 1e9;
        Assert.True(Math.Abs(modelTokens - meterTokens) <= Tolerance, $"model {modelTokens} tokens, meter {meterTokens}");
    }

    private static bool Near(double tokens, int bytes) => Math.Abs(tokens - bytes) <= Tolerance;

    /// <summary>RFC 2697 as written, in doubles.</summary>
    private sealed class SrTcmModel(double cir, double cbs, double ebs, long start)
    {
        private long _last = start;

        public double Tc { get; private set; } = double.NaN;

        public double Te { get; private set; } = double.NaN;

        public void Refill(long now)
        {
            if (double.IsNaN(Tc))
                (Tc, Te) = (cbs, ebs); // "initially (at time 0) set to CBS … EBS"
            if (now <= _last)
                return;
            double tokens = (now - _last) / 1e9 * cir;
            _last = now;
            // Tc first, up to CBS; the rest to Te, up to EBS.
            double toTc = Math.Min(tokens, cbs - Tc);
            Tc += toTc;
            Te = Math.Min(ebs, Te + (tokens - toTc));
        }

        // Color-blind is color-aware with every packet pre-colored green.
        public PacketColor Decide(int b, PacketColor pre) =>
            pre == PacketColor.Green && Tc - b >= 0 ? PacketColor.Green
            : pre != PacketColor.Red && Te - b >= 0 ? PacketColor.Yellow
            : PacketColor.Red;

        public bool IsTie(int b) => Near(Tc, b) || Near(Te, b);

        public void Take(PacketColor color, int b)
        {
            if (color == PacketColor.Green)
                Tc -= b;
            else if (color == PacketColor.Yellow)
                Te -= b;
        }
    }

    /// <summary>RFC 2698 as written, in doubles.</summary>
    private sealed class TrTcmModel(double cir, double pir, double cbs, double pbs, long start)
    {
        private long _last = start;

        public double Tc { get; private set; } = double.NaN;

        public double Tp { get; private set; } = double.NaN;

        public void Refill(long now)
        {
            if (double.IsNaN(Tc))
                (Tc, Tp) = (cbs, pbs); // "initially (at time 0) full"
            if (now <= _last)
                return;
            double seconds = (now - _last) / 1e9;
            _last = now;
            Tc = Math.Min(cbs, Tc + seconds * cir);
            Tp = Math.Min(pbs, Tp + seconds * pir);
        }

        public PacketColor Decide(int b, PacketColor pre) =>
            pre == PacketColor.Red || Tp - b < 0 ? PacketColor.Red
            : pre == PacketColor.Yellow || Tc - b < 0 ? PacketColor.Yellow
            : PacketColor.Green;

        public bool IsTie(int b) => Near(Tp, b) || Near(Tc, b);

        public void Take(PacketColor color, int b)
        {
            if (color != PacketColor.Red)
                Tp -= b;
            if (color == PacketColor.Green)
                Tc -= b;
        }
    }
}
