namespace Fastpath.Examples.Dns.Server;

/// <summary>What response rate limiting does with one reply.</summary>
internal enum RrlDecision : byte
{
    /// <summary>Within the rate: send it.</summary>
    Send,

    /// <summary>Over the rate, this one slips through truncated (TC set, no records), so a real client retries over TCP.</summary>
    Slip,

    /// <summary>Over the rate: drop it.</summary>
    Drop,
}
