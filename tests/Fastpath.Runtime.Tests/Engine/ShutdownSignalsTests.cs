using System.Runtime.InteropServices;

namespace Fastpath.Tests.Engine;

public class ShutdownSignalsTests
{
    [Fact]
    public void TheFirstSignalStopsTheSecondIsSwallowedTheThirdExits()
    {
        int stops = 0;
        var log = new StringWriter();
        var signals = ShutdownSignals.ForTest(() => stops++, log);

        var first = new PosixSignalContext(PosixSignal.SIGINT);
        signals.Handle(first);
        Assert.True(first.Cancel);
        Assert.Equal(1, stops);
        Assert.True(signals.StopRequested);

        // A second Ctrl-C while the workers flush must not kill the totals about to print.
        var second = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.Handle(second);
        Assert.True(second.Cancel);
        Assert.Equal(1, stops);

        var third = new PosixSignalContext(PosixSignal.SIGINT);
        signals.Handle(third);
        Assert.False(third.Cancel);
        Assert.Equal(1, stops);
        Assert.Equal(3, signals.Received);
        Assert.Contains("stopping", log.ToString());
        Assert.Contains("already stopping", log.ToString());
    }

    [Fact]
    public void RegisteringAndDisposingLeavesTheProcessAlone()
    {
        using ShutdownSignals signals = ShutdownSignals.Register(() => { }, TextWriter.Null);
        Assert.False(signals.StopRequested);
    }
}
