using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>One worker's query counts by outcome: written by the worker alone with plain adds, read by the control plane.</summary>
/// <remarks>The counts sit between cache lines of padding so that two workers' lanes never share a line.</remarks>
internal sealed class DnsCounters
{
    private const int Pad = 8;
    private static readonly int Outcomes = Enum.GetValues<AnswerOutcome>().Length;
    private readonly long[] _counts = new long[Pad + Outcomes + Pad];

    /// <summary>Count one query's outcome.</summary>
    public void Count(AnswerOutcome outcome) => _counts[Pad + (int)outcome]++;

    /// <summary>Return the queries that ended in <paramref name="outcome"/> so far.</summary>
    public long this[AnswerOutcome outcome] => Volatile.Read(ref _counts[Pad + (int)outcome]);

    /// <summary>Return the sum over every outcome.</summary>
    public long Total => Enum.GetValues<AnswerOutcome>().Sum(o => this[o]);
}
