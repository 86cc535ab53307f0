using System.Globalization;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>One problem in a zone, where it is (file, 1-based line and column; 0 when the problem has no place, such as a missing file) and what was expected.</summary>
public sealed record ZoneFileError(string File, int Line, int Column, string Message)
{
    /// <summary>Return the error as <c>file:line:column: message</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString()
        => Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}")
            : $"{File}: {Message}";
}
