namespace Fastpath.Examples.Dns.Zones;

/// <summary>Limits and defaults for reading a zone file.</summary>
public sealed record ZoneFileOptions
{
    /// <summary>Return the default options.</summary>
    public static ZoneFileOptions Default { get; } = new();

    /// <summary>Return the TTL of a record that states none while no <c>$TTL</c> is in effect: 3600, as Knot and NSD use (neither applies RFC 1035's "last stated TTL").</summary>
    public uint DefaultTtl { get; init; } = 3600;

    /// <summary>Return how many errors to collect before giving up on the file.</summary>
    public int MaxErrors { get; init; } = 50;

    /// <summary>Return how deep <c>$INCLUDE</c> may nest (the top file is depth 0).</summary>
    public int MaxIncludeDepth { get; init; } = 16;
}
