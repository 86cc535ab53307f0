namespace Fastpath;

/// <summary>A transition taken when <c>low &lt;= field &lt;= high</c>.</summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class SelectRangeAttribute(Type from, string field, ulong low, ulong high, Type next) : Attribute
{
    /// <summary>The header whose field is tested.</summary>
    public Type From { get; } = from;

    /// <summary>The field tested.</summary>
    public string Field { get; } = field;

    /// <summary>The lowest value matched.</summary>
    public ulong Low { get; } = low;

    /// <summary>The highest value matched.</summary>
    public ulong High { get; } = high;

    /// <summary>The next state.</summary>
    public Type Next { get; } = next;
}
