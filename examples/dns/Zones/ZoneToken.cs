namespace Fastpath.Examples.Dns.Zones;

/// <summary>One word of a master file: its raw text (escapes not yet decoded; for a quoted string, what is between the quotes), where it starts, and whether it was quoted.</summary>
internal readonly record struct ZoneToken(string Text, int Line, int Column, bool Quoted)
{
    /// <summary>Return the column just past the token, where a missing next field is reported.</summary>
    public int EndColumn => Column + Text.Length + (Quoted ? 2 : 0);

    /// <summary>Return the token as it was written, for messages.</summary>
    public string Display => Quoted ? $"\"{Text}\"" : Text;
}
