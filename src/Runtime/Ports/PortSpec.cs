namespace Fastpath;

/// <summary>A port named on the command line as <c>kind:args</c> (<c>pcap:in.pcap,out.pcap</c>, <c>memory:synthetic=dns,count=1000</c>).</summary>
public sealed record PortSpec(string Kind, string Arguments)
{
    /// <summary>The port kinds this build knows.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["memory", "pcap", "udp", "af_packet", "af_xdp", "dpdk"];

    /// <summary>Parse <c>kind:args</c>; on failure, <paramref name="error"/> says what is wrong and what is accepted.</summary>
    public static bool TryParse(string text, out PortSpec? spec, out string? error)
    {
        spec = null;
        error = null;
        int colon = text.IndexOf(':');
        string kind = colon < 0 ? text : text[..colon];
        string args = colon < 0 ? "" : text[(colon + 1)..];
        if (kind.Length == 0)
        {
            error = $"port '{text}': expected kind:args, where kind is one of {string.Join(", ", Kinds)}";
            return false;
        }
        if (!Kinds.Contains(kind))
        {
            error = $"port '{text}': unknown kind '{kind}'; known kinds are {string.Join(", ", Kinds)}";
            return false;
        }
        spec = new PortSpec(kind, args);
        return true;
    }

    /// <summary>Parse every <c>kind:args</c> of a command line's repeated <c>--port</c>; on the first failure, <paramref name="error"/> says which and why.</summary>
    public static bool TryParseAll(IEnumerable<string> texts, out List<PortSpec> specs, out string? error)
    {
        specs = [];
        foreach (string text in texts)
        {
            if (!TryParse(text, out PortSpec? spec, out error))
                return false;
            specs.Add(spec!);
        }
        error = null;
        return true;
    }

    /// <summary>Split <c>a=1,b,c=x</c> into options; a bare word maps to an empty value.</summary>
    public IReadOnlyDictionary<string, string> Options()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in Arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0)
                options[part] = "";
            else
                options[part[..eq]] = part[(eq + 1)..];
        }
        return options;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind}:{Arguments}";
}
