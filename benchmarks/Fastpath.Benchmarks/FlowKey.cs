using System.Runtime.InteropServices;

namespace Fastpath.Benchmarks;

/// <summary>An IPv4 5-tuple with no padding (4 + 4 + 2 + 2 + 4 bytes), the key of the exact-match benchmarks.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct FlowKey(uint Source, uint Destination, ushort SourcePort, ushort DestinationPort, uint Protocol);
