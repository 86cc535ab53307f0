namespace Fastpath;

/// <summary>Code to run over several ports of one kind, known only at run time: called once with their concrete struct type.</summary>
public interface IPortsVisitor<out TResult>
{
    /// <summary>Run over <paramref name="ports"/> (port id = index); called once, never per packet.</summary>
    TResult Visit<TPort>(TPort[] ports) where TPort : struct, IPort;
}
