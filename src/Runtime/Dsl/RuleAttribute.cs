namespace Fastpath;

/// <summary>Marks a condition: a <c>static bool</c> method taking <c>in</c> the packet, whose body is one expression.</summary>
/// <remarks>
/// Understood and compiled into the decision tree: header validity (<c>p.HasUdp</c>,
/// <c>p.Udp.IsValid</c>), field comparisons with constants (==, !=, &lt;, &lt;=, &gt;, &gt;=),
/// masked equality (<c>(p.Ipv4.Dscp &amp; 0x38) == 0x28</c>), and <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>.
/// Anything else is still correct: it is called in priority order (diagnostic FP0022 says so).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RuleAttribute : Attribute
{
    /// <summary>Higher runs first; rules of equal priority run in declaration order.</summary>
    public int Priority { get; set; }
}
