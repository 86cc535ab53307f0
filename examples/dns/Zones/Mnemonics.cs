using System.Globalization;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>The text forms of record types and classes: mnemonics (<c>MX</c>, <c>IN</c>) and the RFC 3597 §5 generic forms (<c>TYPE65280</c>, <c>CLASS1</c>).</summary>
public static class Mnemonics
{
    private static readonly Dictionary<string, RecordType> Types = Enum.GetValues<RecordType>().ToDictionary(t => t.ToString(), StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, RecordClass> Classes = Enum.GetValues<RecordClass>().ToDictionary(c => c.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Return the mnemonic of <paramref name="type"/>, or <c>TYPEnnn</c> when it has none.</summary>
    public static string ToText(RecordType type) => Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(CultureInfo.InvariantCulture);

    /// <summary>Return the mnemonic of <paramref name="recordClass"/>, or <c>CLASSnnn</c> when it has none.</summary>
    public static string ToText(RecordClass recordClass) => Enum.IsDefined(recordClass) ? recordClass.ToString() : "CLASS" + ((ushort)recordClass).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parse a type mnemonic or <c>TYPEnnn</c>, ignoring case; false for anything else.</summary>
    public static bool TryParseType(ReadOnlySpan<char> text, out RecordType type)
    {
        if (TryParseGeneric(text, "TYPE", out ushort value))
        {
            type = (RecordType)value;
            return true;
        }
        return Types.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out type);
    }

    /// <summary>Parse a class mnemonic or <c>CLASSnnn</c>, ignoring case; false for anything else.</summary>
    public static bool TryParseClass(ReadOnlySpan<char> text, out RecordClass recordClass)
    {
        if (TryParseGeneric(text, "CLASS", out ushort value))
        {
            recordClass = (RecordClass)value;
            return true;
        }
        return Classes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out recordClass);
    }

    /// <summary>Return whether <paramref name="type"/> only appears in questions or as a pseudo-record (OPT, and the RFC 6895 §3.1 range 128-255), never as zone data.</summary>
    public static bool IsMetaType(RecordType type) => type == RecordType.OPT || (ushort)type is >= 128 and <= 255;

    private static bool TryParseGeneric(ReadOnlySpan<char> text, string prefix, out ushort value)
    {
        value = 0;
        if (text.Length <= prefix.Length || !text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return false;
        ReadOnlySpan<char> digits = text[prefix.Length..];
        // Only plain decimal digits: ushort.TryParse would also take signs and surrounding blanks.
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return ushort.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
