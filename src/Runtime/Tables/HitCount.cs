namespace Fastpath.Tables;

/// <summary>How many packets, and how many bytes, an entry has matched.</summary>
public readonly record struct HitCount(long Packets, long Bytes);
