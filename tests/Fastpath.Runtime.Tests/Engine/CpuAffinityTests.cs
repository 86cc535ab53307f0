using System.Runtime.CompilerServices;

namespace Fastpath.Tests.Engine;

public class CpuAffinityTests
{
    [Fact]
    public void AThreadPinnedToCoreZeroRunsOnCoreZeroAlone()
    {
        int[]? cores = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                CpuAffinity.PinCurrentThread(0);
                cores = CpuAffinity.CurrentThreadCores();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.Equal([0], cores!);
    }

    [Fact]
    public void AnEngineWorkerIsPinnedToItsCore()
    {
        using var pool = new BufferPool(256);
        BufferCache cache = pool.CreateCache(64);
        var port = new MemoryPort(new MemoryRing(64), null, new FrameSource(SyntheticFrames.Create("udp", 8), 100), cache, MemoryPort.TransmitMode.Drop);
        var seen = new StrongBox<int[]?>();
        var engine = new Engine<MemoryPort, AffinityProbe>(new EngineOptions { Cores = [0] }, _ => new Worker<MemoryPort, AffinityProbe>([port], new AffinityProbe(seen), cache));

        EngineCounters c = EngineRunner.RunToEnd(engine);

        Assert.Equal(100, c.TxPackets);
        Assert.Equal([0], seen.Value!);
        Assert.Equal(pool.Count, pool.Available);
    }

    [Theory]
    [InlineData(1000, "core 1000 is out of range: this process may run on cores")]
    [InlineData(5000, "core 5000 is out of range: core numbers run from 0 to 1023")]
    [InlineData(-1, "core -1 is out of range")]
    public void AnInvalidCoreFailsBeforeAnythingRuns(int core, string message)
    {
        using var pool = new BufferPool(64);
        BufferCache cache = pool.CreateCache(64);
        int built = 0;
        var ex = Assert.Throws<ArgumentException>(() => new Engine<QuietPort, EchoProcessor>(
            new EngineOptions { Cores = [core] },
            _ =>
            {
                built++;
                return new Worker<QuietPort, EchoProcessor>([default], default, cache);
            }));
        Assert.Contains("worker 0: " + message, ex.Message);
        Assert.Equal(0, built);
        Assert.Throws<ArgumentOutOfRangeException>(() => PinOnNewThread(core));
    }

    [Fact]
    public void TwoWorkersOnOneCoreIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Engine<QuietPort, EchoProcessor>(
            new EngineOptions { Cores = [0, 0] },
            _ => throw new InvalidOperationException("not reached")));
        Assert.Contains("worker 1: core 0 is already given to another worker", ex.Message);
    }

    [Fact]
    public void CoreListsPrintAsTasksetRanges()
    {
        Assert.Equal("0-3,6,8-9", CpuAffinity.Ranges([0, 1, 2, 3, 6, 8, 9]));
        Assert.Equal("5", CpuAffinity.Ranges([5]));
        Assert.Equal("(none)", CpuAffinity.Ranges([]));
    }

    // Pin a throwaway thread, so the test's own thread keeps its cores; rethrow what pinning threw.
    private static void PinOnNewThread(int core)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                CpuAffinity.PinCurrentThread(core);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null)
            throw error;
    }

    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("1,0", new[] { 1, 0 })]
    [InlineData("0-3,6", new[] { 0, 1, 2, 3, 6 })]
    public void CoreListsParseAsTasksetWritesThem(string text, int[] expected)
    {
        Assert.True(CpuAffinity.TryParseList(text, out List<int> cores, out string? error), error);
        Assert.Equal(expected, cores);
    }

    [Theory]
    [InlineData("x", "'x' is not a core number")]
    [InlineData("3-1", "'3-1' is not a core number or a range")]
    [InlineData("0,-1", "'-1'")]
    public void BadCoreListsNameTheBadPart(string text, string expected)
    {
        Assert.False(CpuAffinity.TryParseList(text, out _, out string? error));
        Assert.Contains(expected, error);
    }
}
