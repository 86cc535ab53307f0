namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Reads master-file entries into records (RFC 1035 §5.1): the <c>$ORIGIN</c>, <c>$TTL</c> and <c>$INCLUDE</c> directives,
/// then per record an owner (or a leading blank for the previous one), TTL and class in either order or omitted, the type
/// and the RDATA.
/// </summary>
/// <remarks>
/// An included file starts with the includer's origin (or the one the directive gives), <c>$TTL</c> and class, and no
/// previous owner, as Knot's reader does; nothing it sets flows back to the includer (RFC 1035 §5.1: an include does not
/// change the includer's origin).
/// </remarks>
internal sealed class ZoneFileReader(ZoneFileOptions options, ZoneErrors errors)
{
    private readonly List<LocatedRecord> _records = [];
    private readonly List<string> _files = [];
    private readonly List<string> _including = [];

    /// <summary>Return the records read so far, in order, includes in place.</summary>
    public IReadOnlyList<LocatedRecord> Records => _records;

    /// <summary>Return the full paths of the files read so far.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The state a file's entries change as they are read.</summary>
    private sealed class FileState
    {
        public required string DisplayPath { get; init; }
        public required string Directory { get; init; }
        public DnsName? Origin { get; set; }
        public uint? DefaultTtl { get; set; }
        public DnsName? LastOwner { get; set; }
        public RecordClass? LastClass { get; set; }
    }

    /// <summary>Read the file at <paramref name="path"/> (named <paramref name="path"/> in errors) with <paramref name="origin"/> in effect, if known.</summary>
    public void ReadFile(string path, DnsName? origin)
    {
        string fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(path, 0, 0, $"cannot read the zone file: {e.Message}");
            return;
        }
        Read(text, new FileState { DisplayPath = path, Directory = Path.GetDirectoryName(fullPath)!, Origin = origin }, fullPath);
    }

    /// <summary>Read <paramref name="text"/> as a file named <paramref name="fileName"/>; an <c>$INCLUDE</c> in it is found relative to the current directory.</summary>
    public void ReadText(string text, string fileName, DnsName? origin)
        => Read(text, new FileState { DisplayPath = fileName, Directory = System.IO.Directory.GetCurrentDirectory(), Origin = origin }, null);

    private void Read(string text, FileState state, string? fullPath)
    {
        if (fullPath is not null)
        {
            _files.Add(fullPath);
            _including.Add(fullPath);
        }
        foreach (ZoneEntry entry in ZoneLexer.Read(text, state.DisplayPath, errors))
        {
            if (errors.Full)
                break;
            if (entry.Broken)
                continue;
            ZoneToken first = entry.Tokens[0];
            if (!entry.OwnerOmitted && !first.Quoted && first.Text.StartsWith('$'))
                Directive(entry, state);
            else
                Record(entry, state);
        }
        if (fullPath is not null)
            _including.RemoveAt(_including.Count - 1);
    }

    private void Directive(ZoneEntry entry, FileState state)
    {
        ZoneToken directive = entry.Tokens[0];
        var fields = new FieldReader(entry, 1, state.Origin, errors);
        switch (directive.Text.ToUpperInvariant())
        {
            case "$ORIGIN":
                if (fields.TryName("the new origin", out DnsName origin) && fields.ExpectEnd())
                    state.Origin = origin;
                break;
            case "$TTL":
                if (fields.TryTtl("the default TTL", out uint ttl) && fields.ExpectEnd())
                    state.DefaultTtl = ttl;
                break;
            case "$INCLUDE":
                Include(entry, state, fields);
                break;
            default:
                fields.Expected(directive, "a directive ($ORIGIN, $TTL or $INCLUDE)");
                break;
        }
    }

    // RFC 1035 §5.1: $INCLUDE <file-name> [<domain-name>]; the file is found relative to the including file, as BIND, NSD and Knot do.
    private void Include(ZoneEntry entry, FileState state, FieldReader fields)
    {
        if (!fields.TryNext("a file name", out ZoneToken file))
            return;
        DnsName? origin = state.Origin;
        if (!fields.AtEnd)
        {
            if (!fields.TryName("the origin of the included file", out DnsName given))
                return;
            origin = given;
        }
        if (!fields.ExpectEnd())
            return;
        var name = new List<byte>();
        if (!CharacterStrings.TryDecode(file.Text, name, out string error))
        {
            fields.Expected(file, "a file name", error);
            return;
        }
        string relative = System.Text.Encoding.UTF8.GetString([.. name]);
        string fullPath = Path.GetFullPath(Path.Combine(state.Directory, relative));
        string displayPath = Path.IsPathRooted(relative) ? relative : Path.Combine(Path.GetDirectoryName(state.DisplayPath) ?? "", relative);
        if (_including.Contains(fullPath))
        {
            fields.Error(file, $"$INCLUDE of '{relative}' makes a loop: that file is already being read ({string.Join(" includes ", _including.Select(Path.GetFileName))})");
            return;
        }
        if (_including.Count > options.MaxIncludeDepth)
        {
            fields.Error(file, $"$INCLUDE of '{relative}' nests deeper than {options.MaxIncludeDepth} files");
            return;
        }
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fields.Expected(file, "a file to include", $"cannot read it: {e.Message}");
            return;
        }
        Read(text, new FileState
        {
            DisplayPath = displayPath,
            Directory = Path.GetDirectoryName(fullPath)!,
            Origin = origin,
            DefaultTtl = state.DefaultTtl,
            LastClass = state.LastClass,
        }, fullPath);
    }

    private void Record(ZoneEntry entry, FileState state)
    {
        ZoneToken first = entry.Tokens[0];
        var fields = new FieldReader(entry, 0, state.Origin, errors);
        DnsName owner;
        if (entry.OwnerOmitted)
        {
            if (state.LastOwner is null)
            {
                fields.Error(first, "this line begins with a blank, so it repeats the previous owner, but there is none yet (expected an owner name at the start of the line)");
                return;
            }
            owner = state.LastOwner;
        }
        else
        {
            if (!fields.TryName("the owner", out owner))
                return;
            state.LastOwner = owner;
        }

        // RFC 1035 §5.1: "[<TTL>] [<class>]" or "[<class>] [<TTL>]", each optional; a TTL starts with a digit, a type never does.
        uint? ttl = null;
        RecordClass? recordClass = null;
        for (int i = 0; i < 2 && !fields.AtEnd; i++)
        {
            ZoneToken next = fields.Peek();
            if (ttl is null && !next.Quoted && next.Text.Length > 0 && char.IsAsciiDigit(next.Text[0]))
            {
                if (!fields.TryTtl("the TTL", out uint value))
                    return;
                ttl = value;
            }
            else if (recordClass is null && !next.Quoted && Mnemonics.TryParseClass(next.Text, out RecordClass parsed))
            {
                fields.TryNext("a class", out _);
                if (parsed is RecordClass.ANY or RecordClass.NONE)
                {
                    fields.Expected(next, "a class for zone data (IN, CH, HS or CLASSnnn)", "ANY and NONE only appear in queries and updates");
                    return;
                }
                recordClass = parsed;
            }
            else
            {
                break;
            }
        }

        const string typeExpected = "a record type (A, AAAA, NS, MX, TXT, ... or TYPEnnn)";
        if (!fields.TryNext(typeExpected, out ZoneToken typeToken))
            return;
        if (typeToken.Quoted || !Mnemonics.TryParseType(typeToken.Text, out RecordType type))
        {
            fields.Expected(typeToken, typeExpected);
            return;
        }
        if (Mnemonics.IsMetaType(type))
        {
            fields.Expected(typeToken, "a record type for zone data", $"{Mnemonics.ToText(type)} only appears in queries or as a pseudo-record");
            return;
        }
        if (recordClass is not null)
            state.LastClass = recordClass;
        RecordClass finalClass = recordClass ?? state.LastClass ?? RecordClass.IN;
        uint finalTtl = ttl ?? state.DefaultTtl ?? options.DefaultTtl;

        if (!RdataParser.TryParse(type, fields, out List<RdataPart> rdata))
            return;
        int length = rdata.Sum(p => p.Length);
        if (length > ResourceRecord.MaxRdataLength)
        {
            fields.Error(typeToken, $"expected at most {ResourceRecord.MaxRdataLength} bytes of RDATA, found {length}");
            return;
        }
        _records.Add(new LocatedRecord(new ResourceRecord(owner, type, finalClass, finalTtl, rdata), entry.File, first.Line, first.Column, _records.Count));
    }
}
