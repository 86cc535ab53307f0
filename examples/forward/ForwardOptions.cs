namespace Fastpath.Examples.Forward;

/// <summary>What the command line asked for, already checked.</summary>
internal sealed record ForwardOptions(
    IReadOnlyList<PortSpec> Ports,
    string Mode,
    string? RoutesPath,
    IReadOnlyList<int>? Cores,
    bool BusyPoll,
    bool Stats);
