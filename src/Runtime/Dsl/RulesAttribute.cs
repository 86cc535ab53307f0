namespace Fastpath;

/// <summary>Declares a rule set over a parser type on a <c>partial struct</c>: the generator makes it an <see cref="IPacketProcessor"/> that parses and dispatches.</summary>
/// <remarks>
/// Conditions are ordinary C# (<c>[Rule]</c> methods); the generator folds the ones it understands
/// into a decision tree and evaluates the rest in priority order.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class RulesAttribute(Type packet) : Attribute
{
    /// <summary>The [Parser] type the rules read.</summary>
    public Type Packet { get; } = packet;

    /// <summary>The verdict for a packet the parser rejects.</summary>
    public VerdictKind OnParseError { get; set; } = VerdictKind.Drop;

    /// <summary>The verdict when no rule decides.</summary>
    public VerdictKind Default { get; set; } = VerdictKind.Drop;
}
