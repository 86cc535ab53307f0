namespace Fastpath.Examples.Dns.Zones;

/// <summary>One logical line of a master file (physical lines joined inside parentheses): a directive or a record.</summary>
/// <param name="File">The file name errors give.</param>
/// <param name="Tokens">The words, never empty.</param>
/// <param name="OwnerOmitted">The line began with a blank, so a record repeats the previous owner (RFC 1035 §5.1).</param>
/// <param name="Broken">The lexer already reported an error in this entry, so the reader skips it.</param>
internal sealed record ZoneEntry(string File, IReadOnlyList<ZoneToken> Tokens, bool OwnerOmitted, bool Broken)
{
    /// <summary>Return the line of the first word.</summary>
    public int Line => Tokens[0].Line;

    /// <summary>Return the column of the first word.</summary>
    public int Column => Tokens[0].Column;
}
