namespace Fastpath.DpdkHost;

/// <summary>What a scenario found, printed as key=value lines for the test to read.</summary>
internal sealed class Results
{
    private readonly List<(string Key, string Value)> _lines = [];

    /// <summary>Record <paramref name="key"/>.</summary>
    public void Add(string key, object value) => _lines.Add((key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    /// <summary>Print now the lines a peer process waits for (ready).</summary>
    public static void Signal(string key)
    {
        Console.WriteLine($"{key}=1");
        Console.Out.Flush();
    }

    /// <summary>Print every line.</summary>
    public void Print()
    {
        foreach ((string key, string value) in _lines)
            Console.WriteLine($"{key}={value}");
    }
}
