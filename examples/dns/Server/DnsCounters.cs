using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>One worker's query counts by outcome: written by the worker alone with plain adds, read by the control plane.</summary>
/// <remarks>The counts sit between cache lines of padding so that two workers' lanes never share a line.</remarks>
internal sealed class DnsCounters
{
    private const int Pad = 8;
    private static readonly int Outcomes = Enum.GetValues<AnswerOutcome>().Length;
    private readonly long[] _counts = new long[Pad + Outcomes + 2 + Pad];

    /// <summary>Count one query's outcome.</summary>
    public void Count(AnswerOutcome outcome) => _counts[Pad + (int)outcome]++;

    /// <summary>Return the queries that ended in <paramref name="outcome"/> so far.</summary>
    public long this[AnswerOutcome outcome] => Volatile.Read(ref _counts[Pad + (int)outcome]);

    /// <summary>Count a reply response rate limiting truncated (<see cref="RrlDecision.Slip"/>) or dropped.</summary>
    public void CountLimited(RrlDecision decision) => _counts[Pad + Outcomes + (decision == RrlDecision.Slip ? 0 : 1)]++;

    /// <summary>Return the replies response rate limiting sent truncated.</summary>
    public long RrlSlipped => Volatile.Read(ref _counts[Pad + Outcomes]);

    /// <summary>Return the replies response rate limiting dropped.</summary>
    public long RrlDropped => Volatile.Read(ref _counts[Pad + Outcomes + 1]);

    /// <summary>Return the sum over every outcome.</summary>
    public long Total => Enum.GetValues<AnswerOutcome>().Sum(o => this[o]);
}
