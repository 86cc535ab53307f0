namespace Fastpath;

// Opening and closing the kernel-socket ports (udp, af_packet): each owns a socket, so each is
// disposed after the visitor returns, and a failure part-way closes those already open.
public static partial class PortFactory
{
    private static TResult RunOne<TPort, TResult>(TPort port, IPortVisitor<TResult> visitor)
        where TPort : struct, IPort, IDisposable
    {
        try
        {
            return visitor.Visit(ref port);
        }
        finally
        {
            port.Dispose();
        }
    }

    private static TResult RunEach<TPort, TResult>(IReadOnlyList<PortSpec> specs, IPortsVisitor<TResult> visitor, Func<PortSpec, ushort, TPort> open)
        where TPort : struct, IPort, IDisposable
    {
        var ports = new TPort[specs.Count];
        int opened = 0;
        try
        {
            for (; opened < ports.Length; opened++)
                ports[opened] = open(specs[opened], (ushort)opened);
            return visitor.Visit(ports);
        }
        finally
        {
            for (int i = 0; i < opened; i++)
                ports[i].Dispose();
        }
    }
}
