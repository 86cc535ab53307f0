namespace Fastpath;

/// <summary>Code to run over a port whose type is known only at run time: the factory calls <see cref="Visit{TPort}"/> once with the concrete struct type, so the loop inside is specialized by the JIT.</summary>
public interface IPortVisitor<out TResult>
{
    /// <summary>Run over <paramref name="port"/>; called once per port opened, never per packet.</summary>
    TResult Visit<TPort>(ref TPort port) where TPort : struct, IPort;
}
