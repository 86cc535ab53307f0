using System.Diagnostics.CodeAnalysis;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Reads a zone from an RFC 1035 master file, as Knot, NSD and BIND read them; a file with errors gives no zone, only the
/// list of errors, each naming <c>file:line:column</c> and what was expected there.
/// </summary>
/// <remarks>
/// The origin may be given (as a server's configuration names its zones) or left null: then relative names need a
/// <c>$ORIGIN</c> first, and the owner of the first SOA record is the apex.
/// </remarks>
public static class ZoneFile
{
    /// <summary>Read the zone in the file at <paramref name="path"/> with apex <paramref name="origin"/> (or the SOA's owner when null).</summary>
    /// <exception cref="ZoneFileException">The file cannot be read or has errors; the exception lists them.</exception>
    public static Zone Parse(string path, DnsName? origin = null, ZoneFileOptions? options = null)
        => TryParse(path, origin, out Zone? zone, out IReadOnlyList<ZoneFileError> errors, options) ? zone : throw new ZoneFileException(errors);

    /// <summary>Read the zone in the file at <paramref name="path"/>; false with every error found (up to <see cref="ZoneFileOptions.MaxErrors"/>) when there are any.</summary>
    public static bool TryParse(string path, DnsName? origin, [NotNullWhen(true)] out Zone? zone, out IReadOnlyList<ZoneFileError> errors, ZoneFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= ZoneFileOptions.Default;
        var sink = new ZoneErrors(options.MaxErrors);
        var reader = new ZoneFileReader(options, sink);
        reader.ReadFile(path, origin);
        return Finish(origin, reader, path, sink, out zone, out errors);
    }

    /// <summary>Read a zone from <paramref name="text"/>, naming it <paramref name="fileName"/> in errors (an <c>$INCLUDE</c> is found relative to the current directory).</summary>
    /// <exception cref="ZoneFileException">The text has errors; the exception lists them.</exception>
    public static Zone ParseText(string text, DnsName? origin, string fileName = "zone", ZoneFileOptions? options = null)
        => TryParseText(text, origin, fileName, out Zone? zone, out IReadOnlyList<ZoneFileError> errors, options) ? zone : throw new ZoneFileException(errors);

    /// <summary>Read a zone from <paramref name="text"/>; false with every error found when there are any.</summary>
    public static bool TryParseText(string text, DnsName? origin, string fileName, [NotNullWhen(true)] out Zone? zone, out IReadOnlyList<ZoneFileError> errors, ZoneFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= ZoneFileOptions.Default;
        var sink = new ZoneErrors(options.MaxErrors);
        var reader = new ZoneFileReader(options, sink);
        reader.ReadText(text, fileName, origin);
        return Finish(origin, reader, fileName, sink, out zone, out errors);
    }

    private static bool Finish(DnsName? origin, ZoneFileReader reader, string source, ZoneErrors sink, [NotNullWhen(true)] out Zone? zone, out IReadOnlyList<ZoneFileError> errors)
    {
        // The zone checks run after syntax errors too, so one pass reports both kinds; any error means no zone.
        zone = ZoneBuilder.Build(origin, reader.Records, source, reader.Files, sink, fromText: true);
        if (sink.Any)
            zone = null;
        errors = sink.Errors;
        return zone is not null;
    }
}
