using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Server;

/// <summary>Loads zone files and prepares their replies as one new <see cref="Responder"/>: all the files load, or none does and the errors say why.</summary>
internal static class ZoneLoader
{
    /// <summary>Load every zone in <paramref name="paths"/>; on failure <paramref name="errors"/> lists each problem as <c>file:line:col: message</c> and nothing is returned.</summary>
    public static bool TryLoad(IReadOnlyList<string> paths, out Responder? responder, out List<string> errors)
    {
        responder = null;
        errors = [];
        var zones = new List<ZoneAnswers>();
        var apexes = new Dictionary<DnsName, string>();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                errors.Add($"{path}: zone file not found");
                continue;
            }
            // The origin comes from the file's $ORIGIN or its absolute names; else from a file named like the zone.
            if (!ZoneFile.TryParse(path, StartsWithOrigin(path) ? null : OriginFromFileName(path), out Zone? zone, out IReadOnlyList<ZoneFileError> problems))
            {
                errors.AddRange(problems.Select(p => p.ToString()));
                continue;
            }
            if (apexes.TryGetValue(zone.Origin, out string? first))
            {
                errors.Add($"{path}: zone {zone.Origin} is also loaded from {first}");
                continue;
            }
            apexes[zone.Origin] = path;
            zones.Add(AnswerBuilder.Build(zone.Origin, zone.Records));
        }
        if (errors.Count > 0)
            return false;
        responder = new Responder(zones);
        return true;
    }

    // Whether the file sets $ORIGIN before its first record (after comments and $TTL): then its own origin is the zone's.
    private static bool StartsWithOrigin(string path)
    {
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith(';') || line.StartsWith("$TTL", StringComparison.OrdinalIgnoreCase))
                continue;
            return line.StartsWith("$ORIGIN", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    // "example.com.zone", "example.com.db", "db.example.com" → example.com.
    private static DnsName? OriginFromFileName(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string suffix in new[] { ".zone", ".db" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                name = name[..^suffix.Length];
        }
        if (name.StartsWith("db.", StringComparison.OrdinalIgnoreCase))
            name = name[3..];
        return DnsName.TryParse(name.TrimEnd('.') + ".", null, out DnsName? origin, out _) && !origin.IsRoot ? origin : null;
    }
}
