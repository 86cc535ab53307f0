using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Reads typed fields (names, numbers, TTLs, addresses, character-strings) one word at a time from an entry, and on a bad
/// or missing word records <c>expected X, found 'Y'</c> at that word's line and column.
/// </summary>
internal sealed class FieldReader(ZoneEntry entry, int start, DnsName? origin, ZoneErrors errors)
{
    private int _index = start;

    /// <summary>Return the origin relative names are completed with, or null when no <c>$ORIGIN</c> is known yet.</summary>
    public DnsName? Origin => origin;

    /// <summary>Return whether every word has been read.</summary>
    public bool AtEnd => _index >= entry.Tokens.Count;

    /// <summary>Return the next word without reading it; only valid when not <see cref="AtEnd"/>.</summary>
    public ZoneToken Peek() => entry.Tokens[_index];

    /// <summary>Read the next word; at the end of the entry, report that <paramref name="expected"/> is missing and return false.</summary>
    public bool TryNext(string expected, out ZoneToken token)
    {
        if (TryTake(out token))
            return true;
        return Missing(expected);
    }

    // Take the next word without reporting anything, so callers build their "expected" text only when something is wrong.
    private bool TryTake(out ZoneToken token)
    {
        if (AtEnd)
        {
            token = default;
            return false;
        }
        token = entry.Tokens[_index++];
        return true;
    }

    private bool Missing(string expected)
    {
        ZoneToken last = entry.Tokens[^1];
        errors.Add(entry.File, last.Line, last.EndColumn, $"expected {expected}, found the end of the record");
        return false;
    }

    /// <summary>Report that <paramref name="token"/> is not <paramref name="expected"/>, with an optional reason; always false, so callers can return it.</summary>
    public bool Expected(ZoneToken token, string expected, string? reason = null)
    {
        errors.Add(entry.File, token.Line, token.Column, $"expected {expected}, found '{token.Display}'{(reason is null ? "" : ": " + reason)}");
        return false;
    }

    /// <summary>Report <paramref name="message"/> at <paramref name="token"/>; always false.</summary>
    public bool Error(ZoneToken token, string message)
    {
        errors.Add(entry.File, token.Line, token.Column, message);
        return false;
    }

    /// <summary>Check that no word is left; report the first extra one.</summary>
    public bool ExpectEnd()
    {
        if (AtEnd)
            return true;
        return Expected(entry.Tokens[_index], "the end of the record");
    }

    /// <summary>Read a domain name (<c>@</c>, relative to the origin, or absolute); <paramref name="what"/> names the field in messages.</summary>
    public bool TryName(string what, out DnsName name)
    {
        name = DnsName.Root;
        if (!TryTake(out ZoneToken token))
            return Missing($"a domain name ({what})");
        if (!token.Quoted && DnsName.TryParse(token.Text, origin, out DnsName? parsed, out bool relative, out _) && !(relative && origin is null))
        {
            name = parsed;
            return true;
        }
        return TryName(token, $"a domain name ({what})", out name);
    }

    /// <summary>Read <paramref name="token"/> as a domain name, completing a relative one with the origin.</summary>
    public bool TryName(ZoneToken token, string expected, out DnsName name)
    {
        name = DnsName.Root;
        if (token.Quoted)
            return Expected(token, expected, "a name is not quoted");
        if (!DnsName.TryParse(token.Text, origin, out DnsName? parsed, out bool relative, out string error))
            return Expected(token, expected, error);
        if (relative && origin is null)
            return Expected(token, expected, "a relative name, but no origin is known yet (add $ORIGIN or end the name with '.')");
        name = parsed;
        return true;
    }

    /// <summary>Read an unsigned decimal number no larger than <paramref name="max"/>; <paramref name="what"/> names the field.</summary>
    public bool TryNumber(string what, ulong max, out ulong value)
    {
        value = 0;
        if (!TryTake(out ZoneToken token))
            return Missing(NumberExpected(what, max));
        if (token.Quoted || token.Text.Length == 0 || token.Text.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return Expected(token, NumberExpected(what, max));
        if (!ulong.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value > max)
            return Expected(token, NumberExpected(what, max), $"the largest is {max}");
        return true;
    }

    private static string NumberExpected(string what, ulong max)
        => $"{max switch { byte.MaxValue => "an 8-bit", ushort.MaxValue => "a 16-bit", uint.MaxValue => "a 32-bit", _ => "a" }} number ({what})";

    /// <summary>Read a TTL or time value: seconds, or numbers with units (<c>1h</c>, <c>2w</c>, <c>1d12h</c>).</summary>
    public bool TryTtl(string what, out uint ttl)
    {
        ttl = 0;
        if (!TryTake(out ZoneToken token))
            return Missing(TimeExpected(what));
        if (token.Quoted)
            return Expected(token, TimeExpected(what));
        if (!TryParseTtl(token.Text, out ttl, out string? error))
            return Expected(token, TimeExpected(what), error);
        return true;
    }

    private static string TimeExpected(string what) => $"a time value ({what}): seconds, or with units s, m, h, d, w";

    /// <summary>Parse a TTL as Knot does: a plain number of seconds, or one or more number-unit pairs (units s, m, h, d, w in either case), at most 2^32-1 in total.</summary>
    public static bool TryParseTtl(ReadOnlySpan<char> text, out uint ttl, out string? error)
    {
        ttl = 0;
        error = null;
        if (text.IsEmpty || !char.IsAsciiDigit(text[0]))
            return false;
        if (!text.ContainsAnyExceptInRange('0', '9'))
        {
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong plain) && plain <= uint.MaxValue)
            {
                ttl = (uint)plain;
                return true;
            }
            error = $"the largest is {uint.MaxValue}";
            return false;
        }
        ulong total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            if (i == start)
            {
                error = $"a number was expected after the unit '{text[i - 1]}'";
                return false;
            }
            if (i == text.Length)
            {
                // After the first unit every number needs its own unit (Knot refuses "1h30").
                error = "every number needs a unit once one has one";
                return false;
            }
            ulong multiplier = char.ToLowerInvariant(text[i]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            };
            if (multiplier == 0)
            {
                error = $"'{text[i]}' is not a unit (s, m, h, d, w)";
                return false;
            }
            if (!ulong.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong count) || count > uint.MaxValue)
            {
                error = $"the largest is {uint.MaxValue} seconds";
                return false;
            }
            total += count * multiplier;
            if (total > uint.MaxValue)
            {
                error = $"the largest is {uint.MaxValue} seconds";
                return false;
            }
            i++;
        }
        ttl = (uint)total;
        return true;
    }

    /// <summary>Read a dotted-quad IPv4 address, strictly (four decimal parts 0-255, no leading zeros, as inet_pton takes it).</summary>
    public bool TryIpv4(out byte[] address)
    {
        address = new byte[4];
        const string expected = "an IPv4 address";
        if (!TryNext(expected, out ZoneToken token))
            return false;
        string text = token.Text;
        int part = 0, value = -1;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (value == 0)
                    return Expected(token, expected, "a part with a leading zero");
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255)
                    return Expected(token, expected);
            }
            else if (c == '.' && value >= 0 && part < 3)
            {
                address[part++] = (byte)value;
                value = -1;
            }
            else
            {
                return Expected(token, expected);
            }
        }
        if (token.Quoted || part != 3 || value < 0)
            return Expected(token, expected);
        address[3] = (byte)value;
        return true;
    }

    /// <summary>Read an IPv6 address in any RFC 4291 §2.2 text form (no zone index, no prefix length).</summary>
    public bool TryIpv6(out byte[] address)
    {
        address = [];
        const string expected = "an IPv6 address";
        if (!TryNext(expected, out ZoneToken token))
            return false;
        ReadOnlySpan<char> text = token.Text;
        // IPAddress also takes brackets, scope ids and IPv4 text; a zone file gives none of them.
        if (token.Quoted || !text.Contains(':') || text.IndexOfAnyExcept("0123456789abcdefABCDEF:.") >= 0
            || !IPAddress.TryParse(text, out IPAddress? parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            return Expected(token, expected);
        address = parsed.GetAddressBytes();
        return true;
    }

    /// <summary>Read a character-string (quoted, or one bare word) and append it, length byte first, to <paramref name="output"/>.</summary>
    public bool TryCharacterString(string what, List<byte> output)
    {
        if (!TryTake(out ZoneToken token))
            return Missing($"a character-string ({what})");
        return TryCharacterString(token, what, output);
    }

    /// <summary>Decode <paramref name="token"/> as a character-string (<paramref name="what"/> names the field) and append it, length byte first, to <paramref name="output"/>.</summary>
    public bool TryCharacterString(ZoneToken token, string what, List<byte> output)
    {
        int lengthAt = output.Count;
        output.Add(0);
        if (!CharacterStrings.TryDecode(token.Text, output, out string error))
            return Expected(token, $"a character-string ({what})", error);
        int length = output.Count - lengthAt - 1;
        if (length > CharacterStrings.MaxLength)
            return Expected(token, $"a character-string ({what})", $"{length} bytes; a character-string holds at most {CharacterStrings.MaxLength} (split it into several strings)");
        output[lengthAt] = (byte)length;
        return true;
    }

    /// <summary>Return whether the next word is exactly the unquoted RFC 3597 marker <c>\#</c>.</summary>
    public bool AtGenericMarker => !AtEnd && Peek() is { Quoted: false, Text: "\\#" };
}
