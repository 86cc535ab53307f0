using Fastpath.Tests.Support;
using Xunit.Abstractions;

namespace Fastpath.Tests.Ports.Dpdk;

/// <summary>A veth pair across two namespaces made by scripts/veth.sh for one test, torn down on dispose.</summary>
internal sealed class VethPair : IDisposable
{
    private readonly string _name;
    private readonly ITestOutputHelper _log;

    /// <summary>Make the pair <paramref name="name"/>: namespaces NAMEa and NAMEb, interfaces NAMEa0 and NAMEb0.</summary>
    public VethPair(ITestOutputHelper log, string name)
    {
        _name = name;
        _log = log;
        Script("up");
    }

    /// <summary>Return the A namespace.</summary>
    public string NamespaceA => _name + "a";

    /// <summary>Return the B namespace.</summary>
    public string NamespaceB => _name + "b";

    /// <summary>Return the A interface.</summary>
    public string InterfaceA => _name + "a0";

    /// <summary>Return the B interface.</summary>
    public string InterfaceB => _name + "b0";

    /// <summary>Remove both namespaces.</summary>
    public void Dispose() => Script("down");

    private void Script(string command)
    {
        using ChildProcess script = ChildProcess.Start(_log, "bash", Path.Combine(DpdkHost.Scripts(), "veth.sh"), command, _name);
        Assert.True(script.WaitForExit(TimeSpan.FromSeconds(30)) == 0, $"veth.sh {command} {_name} failed:\n{script.Stderr}");
    }
}
