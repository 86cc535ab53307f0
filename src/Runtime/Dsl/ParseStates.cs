namespace Fastpath;

/// <summary>The parse-graph state that stops parsing and accepts the packet; the rest is payload.</summary>
public static class Accept;

/// <summary>The parse-graph state that stops parsing and rejects the packet with <see cref="ParseError.Rejected"/>.</summary>
public static class Reject;
