using System.Runtime.CompilerServices;

namespace Fastpath.Tests.Engine;

public class EngineCountersTests
{
    [Fact]
    public void CountersSitACacheLineAwayFromTheObjectsAroundThem()
    {
        var c = new EngineCounters();
        ref byte start = ref Unsafe.As<RawObject>(c).FirstByte;
        long first = Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref c.RxPackets));
        long last = Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref c.ControlFaults));
        // Sequential layout kept: the counters follow the leading line of padding, in declaration order.
        Assert.Equal(64, first);
        Assert.Equal(64 + 15 * 8, last);
    }

    [Fact]
    public void SumsAndSnapshotsCarryEveryCount()
    {
        var a = new EngineCounters { RxPackets = 10, Injected = 1, TxPackets = 5, Dropped = 1, NoVerdict = 1, UnknownPort = 1, SlowPath = 1, TxFull = 1, ActionFaults = 1 };
        var sum = new EngineCounters();
        sum.Add(a);
        sum.Add(a.Snapshot());
        Assert.Equal(20, sum.RxPackets);
        Assert.Equal(10, sum.Drops);
        EngineRunner.AssertBalanced(sum);
        var text = new StringWriter();
        sum.Print(text);
        Assert.Contains("rx 20, tx 10, slow path 2, drops 10, injected 2", text.ToString());
        Assert.Contains("action fault", text.ToString());
        Assert.DoesNotContain("slow path full", text.ToString());
    }

    // Reinterprets any object as one whose first field is a byte, to find where fields start.
    private sealed class RawObject
    {
        public byte FirstByte;
    }
}
