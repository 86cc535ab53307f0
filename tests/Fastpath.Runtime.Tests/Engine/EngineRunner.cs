namespace Fastpath.Tests.Engine;

/// <summary>Runs an engine on its own thread so a test can wait for it with a timeout instead of hanging.</summary>
internal static class EngineRunner
{
    /// <summary>Generous: only a hung engine takes this long, and the test then fails rather than waits forever.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Start <paramref name="engine"/>.Run on a dedicated thread.</summary>
    public static Task<EngineCounters> Start<TPort, TProcessor>(Engine<TPort, TProcessor> engine)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor =>
        Task.Factory.StartNew(engine.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Wait for a run started with <see cref="Start"/>; fail the test (after stopping the engine) if it does not end.</summary>
    public static EngineCounters Finish<TPort, TProcessor>(Engine<TPort, TProcessor> engine, Task<EngineCounters> run)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor
    {
        if (!run.Wait(Timeout))
        {
            engine.Stop();
            run.Wait(Timeout);
            Assert.Fail($"the engine did not finish within {Timeout.TotalSeconds} s: {engine.Totals()}");
        }
        return run.Result;
    }

    /// <summary>Run <paramref name="engine"/> to its end, which must come by itself.</summary>
    public static EngineCounters RunToEnd<TPort, TProcessor>(Engine<TPort, TProcessor> engine)
        where TPort : struct, IPort
        where TProcessor : struct, IPacketProcessor => Finish(engine, Start(engine));

    /// <summary>Wait until <paramref name="condition"/> holds; fail the test if it never does.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Timeout))
            Assert.Fail($"timed out waiting until {what}");
    }

    /// <summary>Take every buffer off <paramref name="ring"/> and return them to <paramref name="pool"/>; return how many.</summary>
    public static int FreeAll(MemoryRing ring, BufferPool pool, List<byte[]>? copies = null)
    {
        var burst = new PacketBuffer[Burst.MaxSize];
        int total = 0;
        int n;
        while ((n = ring.Dequeue(burst)) > 0)
        {
            if (copies is not null)
            {
                for (int i = 0; i < n; i++)
                    copies.Add(burst[i].Data.ToArray());
            }
            pool.FreeBulk(burst.AsSpan(0, n));
            total += n;
        }
        return total;
    }

    /// <summary>Assert the invariant every stopped run keeps: each received packet was sent, handed to the slow path, or dropped for a counted reason.</summary>
    public static void AssertBalanced(EngineCounters c) =>
        Assert.True(c.RxPackets + c.Injected == c.TxPackets + c.SlowPath + c.Drops, $"unbalanced counts: {c}");
}
