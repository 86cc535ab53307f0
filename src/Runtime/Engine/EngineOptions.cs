namespace Fastpath;

/// <summary>How many workers an engine runs, where, and what its control plane does with slow-path packets.</summary>
public sealed class EngineOptions
{
    /// <summary>The cores to pin workers to, one worker each; null runs <see cref="WorkerCount"/> unpinned workers.</summary>
    public IReadOnlyList<int>? Cores { get; init; }

    /// <summary>The number of unpinned workers when <see cref="Cores"/> is null.</summary>
    public int WorkerCount { get; init; } = 1;

    /// <summary>Called on the control-plane thread for each slow-path packet; when null, slow-path packets are counted and freed.</summary>
    public SlowPathHandler? SlowPath { get; init; }

    /// <summary>How long the control plane sleeps when it found nothing to do, which bounds slow-path latency.</summary>
    public TimeSpan ControlIdleSleep { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Return the number of workers these options make.</summary>
    public int Workers => Cores?.Count ?? WorkerCount;
}
