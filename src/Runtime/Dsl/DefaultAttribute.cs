namespace Fastpath;

/// <summary>Where to go after <paramref name="from"/> when no transition matches; <see cref="Accept"/> unless declared.</summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class DefaultAttribute(Type from, Type next) : Attribute
{
    /// <summary>The header the default leaves from.</summary>
    public Type From { get; } = from;

    /// <summary>The next state: a header type, <see cref="Accept"/> or <see cref="Reject"/>.</summary>
    public Type Next { get; } = next;
}
