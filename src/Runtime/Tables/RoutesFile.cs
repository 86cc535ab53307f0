using System.Globalization;

namespace Fastpath.Tables;

/// <summary>A routes file: one route a line, <c>prefix next-hop-MAC port</c>, IPv4 and IPv6 mixed; <c>#</c> starts a comment.</summary>
/// <remarks>
/// <code>
/// # destination      next hop           port
/// 10.1.0.0/16        02:00:00:00:00:01  1
/// 0.0.0.0/0          02:00:00:00:00:fe  0     # default route
/// 2001:db8:1::/48    02:00:00:00:00:02  2
/// </code>
/// A file is read whole and checked whole: if any line is wrong, parsing fails with every error
/// found, each as <c>file:line:col: what is wrong</c>, and no route is returned, so nothing can be
/// half-installed. Install each family with one <see cref="Table{TKey, TValue, TSnapshot}.TryReplaceAll"/>
/// (itself all or nothing), which also makes reloading the file keep the counters of unchanged routes.
/// </remarks>
public sealed class RoutesFile
{
    // Enough to show a pattern of mistakes without burying the first one.
    private const int MaxErrors = 50;

    private RoutesFile(string name, List<Route<Ipv4Prefix>> ipv4, List<Route<Ipv6Prefix>> ipv6)
    {
        Name = name;
        Ipv4Routes = ipv4;
        Ipv6Routes = ipv6;
    }

    /// <summary>Return the name the file was read under (its path), as error messages show it.</summary>
    public string Name { get; }

    /// <summary>Return the IPv4 routes, in file order.</summary>
    public IReadOnlyList<Route<Ipv4Prefix>> Ipv4Routes { get; }

    /// <summary>Return the IPv6 routes, in file order.</summary>
    public IReadOnlyList<Route<Ipv6Prefix>> Ipv6Routes { get; }

    /// <summary>Return the IPv4 routes as table entries, for <see cref="Table{TKey, TValue, TSnapshot}.TryReplaceAll"/>.</summary>
    public IEnumerable<KeyValuePair<Ipv4Prefix, NextHop>> Ipv4Entries() =>
        Ipv4Routes.Select(static r => KeyValuePair.Create(r.Prefix, r.NextHop));

    /// <summary>Return the IPv6 routes as table entries, for <see cref="Table{TKey, TValue, TSnapshot}.TryReplaceAll"/>.</summary>
    public IEnumerable<KeyValuePair<Ipv6Prefix, NextHop>> Ipv6Entries() =>
        Ipv6Routes.Select(static r => KeyValuePair.Create(r.Prefix, r.NextHop));

    /// <summary>Read and check the routes file at <paramref name="path"/>.</summary>
    /// <exception cref="RoutesFileException">A line is wrong; the message lists every error as <c>file:line:col: what is wrong</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RoutesFile Parse(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Check routes-file <paramref name="text"/>, naming it <paramref name="name"/> in errors.</summary>
    /// <exception cref="RoutesFileException">A line is wrong; the message lists every error as <c>name:line:col: what is wrong</c>.</exception>
    public static RoutesFile Parse(string text, string name) =>
        TryParse(text, name, out RoutesFile? routes, out IReadOnlyList<string> errors) ? routes : throw new RoutesFileException(errors);

    /// <summary>Read and check the routes file at <paramref name="path"/>; on failure <paramref name="errors"/> says what is wrong, and where.</summary>
    public static bool TryParse(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RoutesFile? routes, out IReadOnlyList<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            routes = null;
            errors = [$"{path}: cannot read: {e.Message}"];
            return false;
        }
        return TryParse(text, path, out routes, out errors);
    }

    /// <summary>Check routes-file <paramref name="text"/>, naming it <paramref name="name"/> in errors.</summary>
    public static bool TryParse(string text, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RoutesFile? routes, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var ipv4 = new List<Route<Ipv4Prefix>>();
        var ipv6 = new List<Route<Ipv6Prefix>>();
        var seen4 = new Dictionary<Ipv4Prefix, int>();
        var seen6 = new Dictionary<Ipv6Prefix, int>();
        var found = new List<string>();
        int lineNumber = 0;
        foreach (ReadOnlySpan<char> rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (found.Count == MaxErrors)
            {
                found.Add($"{name}: too many errors; stopped at line {lineNumber}");
                break;
            }
            ReadOnlySpan<char> line = rawLine;
            int hash = line.IndexOf('#');
            if (hash >= 0)
                line = line[..hash];
            string? error = ParseLine(line, lineNumber, out int column, ipv4, ipv6, seen4, seen6);
            if (error is not null)
                found.Add($"{name}:{lineNumber}:{column}: {error}");
        }
        if (found.Count > 0)
        {
            routes = null;
            errors = found;
            return false;
        }
        routes = new RoutesFile(name, ipv4, ipv6);
        errors = [];
        return true;
    }

    // Return the error for one line (comment already cut off), with the 1-based column it points at.
    private static string? ParseLine(
        ReadOnlySpan<char> line,
        int lineNumber,
        out int column,
        List<Route<Ipv4Prefix>> ipv4,
        List<Route<Ipv6Prefix>> ipv6,
        Dictionary<Ipv4Prefix, int> seen4,
        Dictionary<Ipv6Prefix, int> seen6)
    {
        Span<Range> fields = stackalloc Range[4];
        int count = 0;
        int at = 0;
        while (count < fields.Length)
        {
            while (at < line.Length && char.IsWhiteSpace(line[at]))
                at++;
            if (at == line.Length)
                break;
            int start = at;
            while (at < line.Length && !char.IsWhiteSpace(line[at]))
                at++;
            fields[count++] = start..at;
        }
        column = 1;
        if (count == 0)
            return null; // blank or comment-only
        int end = fields[count - 1].End.Value + 1; // the column just past the last field, where a missing one belongs

        // The fields are checked left to right, so the first error reported is the leftmost.
        int prefixStart = fields[0].Start.Value;
        ReadOnlySpan<char> prefix = line[fields[0]];
        column = prefixStart + 1;
        int slash = prefix.IndexOf('/');
        bool isIpv6 = prefix.Contains(':');
        ReadOnlySpan<char> addressText = slash < 0 ? prefix : prefix[..slash];
        if (isIpv6 ? addressText.Contains('%') || !Ipv6Address.TryParse(addressText, out _) : !Ipv4Prefix.TryParseDottedQuad(addressText, out _))
            return $"'{addressText}' is not an {(isIpv6 ? "IPv6" : "IPv4")} address";
        if (slash < 0)
            return $"'{prefix}' has no prefix length (write {prefix}/{(isIpv6 ? 128 : 32)} for one host)";
        column = prefixStart + slash + 2;
        ReadOnlySpan<char> lengthText = prefix[(slash + 1)..];
        int maxLength = isIpv6 ? 128 : 32;
        if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > maxLength)
            return $"'{lengthText}' is not a prefix length (0 to {maxLength})";
        column = prefixStart + 1;
        Ipv4Prefix p4 = default;
        Ipv6Prefix p6 = default;
        if (isIpv6 ? Ipv6Prefix.TryParse(prefix, out p6) && p6.HasHostBits : Ipv4Prefix.TryParse(prefix, out p4) && p4.HasHostBits)
        {
            return isIpv6
                ? $"{p6} has host bits set beyond /{length} (the network is {p6.Network})"
                : $"{p4} has host bits set beyond /{length} (the network is {p4.Network})";
        }

        column = end;
        if (count < 2)
            return "expected a next-hop MAC address after the prefix (a line is: prefix next-hop-MAC port)";
        ReadOnlySpan<char> macText = line[fields[1]];
        column = fields[1].Start.Value + 1;
        if (!MacAddress.TryParse(macText, out MacAddress mac))
            return $"'{macText}' is not a MAC address (write aa:bb:cc:dd:ee:ff)";

        column = end;
        if (count < 3)
            return "expected a port number after the next-hop MAC address (a line is: prefix next-hop-MAC port)";
        ReadOnlySpan<char> portText = line[fields[2]];
        column = fields[2].Start.Value + 1;
        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
            return $"'{portText}' is not a port number (0 to 65535)";

        if (count == 4)
        {
            column = fields[3].Start.Value + 1;
            return $"unexpected '{line[fields[3]]}' after the port (comments start with #)";
        }

        column = prefixStart + 1;
        var hop = new NextHop(mac, port);
        if (isIpv6)
        {
            if (!seen6.TryAdd(p6, lineNumber))
                return $"duplicate prefix {p6} (first on line {seen6[p6]})";
            ipv6.Add(new Route<Ipv6Prefix>(p6, hop, lineNumber));
        }
        else
        {
            if (!seen4.TryAdd(p4, lineNumber))
                return $"duplicate prefix {p4} (first on line {seen4[p4]})";
            ipv4.Add(new Route<Ipv4Prefix>(p4, hop, lineNumber));
        }
        return null;
    }
}
