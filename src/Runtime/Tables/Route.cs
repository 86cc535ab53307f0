namespace Fastpath.Tables;

/// <summary>One route of a routes file: a prefix, its next hop, and the line it came from.</summary>
/// <typeparam name="TPrefix"><see cref="Ipv4Prefix"/> or <see cref="Ipv6Prefix"/>.</typeparam>
/// <param name="Prefix">The destination prefix.</param>
/// <param name="NextHop">The next hop's MAC and output port.</param>
/// <param name="Line">The 1-based line number in the file.</param>
public readonly record struct Route<TPrefix>(TPrefix Prefix, NextHop NextHop, int Line)
    where TPrefix : struct;
