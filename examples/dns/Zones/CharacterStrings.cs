using System.Globalization;
using System.Text;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Character-strings (RFC 1035 §3.3: a length byte and up to 255 bytes) in both directions: presentation text with
/// <c>\"</c>, <c>\;</c> and <c>\DDD</c> escapes to bytes, and bytes back to quoted text.
/// </summary>
internal static class CharacterStrings
{
    /// <summary>The most bytes one character-string holds.</summary>
    public const int MaxLength = 255;

    /// <summary>Append the bytes <paramref name="text"/> spells (the inside of a quoted string, or a bare word) to <paramref name="output"/>; false with the reason on a bad escape.</summary>
    /// <remarks>A non-ASCII character stands for its UTF-8 bytes; <c>\X</c> is X itself; <c>\DDD</c> is one byte given in decimal.</remarks>
    public static bool TryDecode(ReadOnlySpan<char> text, List<byte> output, out string error)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "a '\\' at the end escapes nothing";
                    return false;
                }
                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        error = $"'\\{text[(i + 1)..Math.Min(text.Length, i + 4)]}' is not a \\DDD escape (three decimal digits)";
                        return false;
                    }
                    int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        error = $"'\\{text.Slice(i + 1, 3)}' is not a byte (\\DDD is 000 to 255)";
                        return false;
                    }
                    output.Add((byte)value);
                    i += 3;
                    continue;
                }
                i++;
                c = text[i];
            }
            if (c < 0x80)
            {
                output.Add((byte)c);
                continue;
            }
            int charCount = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            int width = Encoding.UTF8.GetBytes(text.Slice(i, charCount), utf8);
            for (int k = 0; k < width; k++)
                output.Add(utf8[k]);
            i += charCount - 1;
        }
        error = "";
        return true;
    }

    /// <summary>Append <paramref name="bytes"/> as a quoted string: <c>"</c> and <c>\</c> escaped, bytes outside printable ASCII as <c>\DDD</c>.</summary>
    public static void AppendQuoted(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        text.Append('"');
        foreach (byte b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
                text.Append('\\').Append((char)b);
            else if (b is < 0x20 or >= 0x7F)
                text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            else
                text.Append((char)b);
        }
        text.Append('"');
    }

    /// <summary>Return how many length-prefixed character-strings exactly fill <paramref name="rdata"/>, or -1 when they do not.</summary>
    public static int Count(ReadOnlySpan<byte> rdata)
    {
        int count = 0;
        for (int i = 0; i < rdata.Length; i += 1 + rdata[i])
        {
            if (i + 1 + rdata[i] > rdata.Length)
                return -1;
            count++;
        }
        return count;
    }

    /// <summary>Check that opaque RDATA of a text-bearing type is well formed (TXT and SPF: one or more strings; HINFO: two; CAA: flags, a tag, a value), so it prints as text.</summary>
    public static bool FitsType(RecordType type, ReadOnlySpan<byte> rdata, out string error)
    {
        string name = Mnemonics.ToText(type);
        bool fits = type switch
        {
            RecordType.TXT or RecordType.SPF => Count(rdata) >= 1,
            RecordType.HINFO => Count(rdata) == 2,
            RecordType.CAA => rdata.Length >= 2 && rdata[1] >= 1 && rdata.Length >= 2 + rdata[1] && IsCaaTag(rdata.Slice(2, rdata[1])),
            _ => true,
        };
        error = fits ? "" : type switch
        {
            RecordType.HINFO => "the RDATA does not hold a valid HINFO record: expected exactly two character-strings",
            RecordType.CAA => "the RDATA does not hold a valid CAA record: expected flags, a tag of letters and digits, and a value",
            _ => $"the RDATA does not hold a valid {name} record: expected one or more character-strings",
        };
        return fits;
    }

    /// <summary>Return whether <paramref name="tag"/> is a CAA property tag: ASCII letters and digits only (RFC 8659 §4.1).</summary>
    public static bool IsCaaTag(ReadOnlySpan<byte> tag)
    {
        foreach (byte b in tag)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
                return false;
        }
        return !tag.IsEmpty;
    }
}
