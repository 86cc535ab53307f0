namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>The af_xdp tests share one veth pair and run one at a time on it (an interface takes one XDP program).</summary>
[CollectionDefinition(Name)]
public sealed class AfXdpCollection : ICollectionFixture<VethPair>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "af_xdp veth pair";
}
