namespace Fastpath;

/// <summary>Marks the action of a rule: a method <c>Verdict Name(ref TPacket p, PacketBuffer b)</c> (static or instance) run when the named condition holds.</summary>
/// <remarks>An action that returns <see cref="Verdict.Continue"/> lets the next matching rule decide.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ActionAttribute(string rule) : Attribute
{
    /// <summary>The name of the [Rule] condition method.</summary>
    public string Rule { get; } = rule;
}
