using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>One zone's prepared replies: per name (case-folded wire format) and the name error for names it does not hold.</summary>
internal sealed class ZoneAnswers
{
    private readonly Dictionary<DnsName, NameAnswers>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ZoneAnswers(DnsName apex, Dictionary<DnsName, NameAnswers> names, ReplyTemplate nameError)
    {
        Apex = apex;
        _lookup = names.GetAlternateLookup<ReadOnlySpan<byte>>();
        NameError = nameError;
    }

    /// <summary>Return the apex.</summary>
    public DnsName Apex { get; }

    /// <summary>Return the NXDOMAIN reply (SOA in authority), compressed against the apex.</summary>
    public ReplyTemplate NameError { get; }

    /// <summary>Find the replies of the name in <paramref name="lowerName"/> (case-folded wire format) without allocating.</summary>
    public bool TryGet(ReadOnlySpan<byte> lowerName, out NameAnswers answers) => _lookup.TryGetValue(lowerName, out answers!);
}
