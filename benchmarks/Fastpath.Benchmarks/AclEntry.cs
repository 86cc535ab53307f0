namespace Fastpath.Benchmarks;

/// <summary>One ACL rule as a linear rule list keeps it: value and mask per field, a port range; the ternary benchmark's baseline scans these.</summary>
public readonly record struct AclEntry(uint Source, uint SourceMask, uint Destination, uint DestinationMask, ushort PortLow, ushort PortHigh, byte Protocol, byte ProtocolMask, int Index)
{
    /// <summary>Return whether the packet fields match every field of the rule.</summary>
    public bool Matches(uint source, uint destination, ushort port, byte protocol) =>
        (source & SourceMask) == Source
        && (destination & DestinationMask) == Destination
        && port >= PortLow && port <= PortHigh
        && (protocol & ProtocolMask) == Protocol;
}
