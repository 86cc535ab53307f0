using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// A domain name in uncompressed wire format (length-prefixed labels ending with the root's zero byte), case preserved,
/// with a case-folded copy that equality, hashing and ordering use.
/// </summary>
/// <remarks>
/// DNS compares names case-insensitively in ASCII only (RFC 4343 §3): 'A'-'Z' fold to 'a'-'z', every other byte is itself.
/// Length bytes are at most 63, below 'A' (65), so folding a whole wire name byte by byte never changes its structure;
/// <see cref="FoldCase"/> relies on that so a lookup can fold a query name in one pass.
/// </remarks>
public sealed class DnsName : IEquatable<DnsName>, IComparable<DnsName>
{
    /// <summary>The longest name in wire format, root byte included (RFC 1035 §2.3.4).</summary>
    public const int MaxLength = 255;

    /// <summary>The longest label, length byte excluded (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private readonly byte[] _wire;
    private readonly byte[] _folded;
    // Offset of each label's length byte, leftmost first; the root label is not counted.
    private readonly byte[] _offsets;
    private readonly int _hash;

    private DnsName(byte[] wire)
    {
        _wire = wire;
        int count = 0;
        for (int i = 0; wire[i] != 0; i += wire[i] + 1)
            count++;
        _offsets = new byte[count];
        for (int i = 0, n = 0; wire[i] != 0; i += wire[i] + 1)
            _offsets[n++] = (byte)i;
        _folded = wire.AsSpan().IndexOfAnyInRange((byte)'A', (byte)'Z') < 0 ? wire : Fold(wire);
        _hash = GetFoldedHashCode(_folded);
    }

    private static byte[] Fold(byte[] wire)
    {
        var folded = new byte[wire.Length];
        FoldCase(wire, folded);
        return folded;
    }

    /// <summary>Return the root name ".".</summary>
    public static DnsName Root { get; } = new([0]);

    /// <summary>Return the name in wire format with its case as written.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>Return the name in wire format with ASCII letters lower-cased: the form lookups and equality use.</summary>
    public ReadOnlySpan<byte> FoldedWire => _folded;

    /// <summary>Return the length in wire format, root byte included (1 for the root, at most 255).</summary>
    public int Length => _wire.Length;

    /// <summary>Return the number of labels, not counting the root (0 for the root).</summary>
    public int LabelCount => _offsets.Length;

    /// <summary>Return whether this is the root name.</summary>
    public bool IsRoot => _offsets.Length == 0;

    /// <summary>Return whether the leftmost label is the single asterisk of a wildcard (RFC 4592 §2.1.1).</summary>
    public bool IsWildcard => _wire[0] == 1 && _wire[1] == (byte)'*';

    /// <summary>Return label <paramref name="index"/> (0 is the leftmost) as written, without its length byte.</summary>
    public ReadOnlySpan<byte> Label(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LabelCount);
        int offset = _offsets[index];
        return _wire.AsSpan(offset + 1, _wire[offset]);
    }

    /// <summary>Return the name one label up, or null for the root.</summary>
    public DnsName? Parent => IsRoot ? null : Suffix(LabelCount - 1);

    /// <summary>Return the name made of the rightmost <paramref name="labelCount"/> labels (0 gives the root, <see cref="LabelCount"/> gives this name).</summary>
    public DnsName Suffix(int labelCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(labelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labelCount, LabelCount);
        if (labelCount == LabelCount)
            return this;
        if (labelCount == 0)
            return Root;
        return new DnsName(_wire.AsSpan(_offsets[LabelCount - labelCount]).ToArray());
    }

    /// <summary>Return the name with <paramref name="label"/> added on the left, e.g. "*" to make the wildcard below this name.</summary>
    /// <exception cref="ArgumentException">The label is empty or longer than 63 bytes, or the result would be longer than 255.</exception>
    public DnsName Child(ReadOnlySpan<byte> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength)
            throw new ArgumentException($"a label holds 1 to {MaxLabelLength} bytes, not {label.Length}", nameof(label));
        if (_wire.Length + 1 + label.Length > MaxLength)
            throw new ArgumentException($"adding a {label.Length}-byte label to {this} makes a name longer than {MaxLength} bytes", nameof(label));
        var wire = new byte[_wire.Length + 1 + label.Length];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire.AsSpan(1 + label.Length));
        return new DnsName(wire);
    }

    /// <summary>Return whether this name equals <paramref name="ancestor"/> or lies below it, ignoring case.</summary>
    public bool IsAtOrBelow(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        int labels = ancestor.LabelCount;
        if (labels > LabelCount)
            return false;
        int start = labels == LabelCount ? 0 : labels == 0 ? _wire.Length - 1 : _offsets[LabelCount - labels];
        return _folded.AsSpan(start).SequenceEqual(ancestor._folded);
    }

    /// <summary>Return the name that <paramref name="wire"/> holds: uncompressed labels ending with the root byte, nothing after it.</summary>
    /// <exception cref="FormatException">The bytes are not exactly one valid uncompressed name.</exception>
    public static DnsName FromWire(ReadOnlySpan<byte> wire)
    {
        int length = MeasureWire(wire, out string? error);
        if (error is not null)
            throw new FormatException(error);
        if (length != wire.Length)
            throw new FormatException($"{wire.Length - length} bytes follow the name's root label");
        return new DnsName(wire.ToArray());
    }

    /// <summary>Return the length of the uncompressed name at the start of <paramref name="wire"/>, or set <paramref name="error"/> when there is none.</summary>
    internal static int MeasureWire(ReadOnlySpan<byte> wire, out string? error)
    {
        int i = 0;
        while (true)
        {
            if (i >= wire.Length)
            {
                error = "the name runs past the end of the data";
                return 0;
            }
            byte length = wire[i];
            if (length == 0)
                break;
            if (length > MaxLabelLength)
            {
                error = length >= 0xC0 ? "a compression pointer where an uncompressed name was expected" : $"a label length of {length} (the limit is {MaxLabelLength})";
                return 0;
            }
            i += 1 + length;
            if (i + 1 > MaxLength)
            {
                error = $"the name is longer than {MaxLength} bytes";
                return 0;
            }
        }
        error = null;
        return i + 1;
    }

    /// <summary>Return the name that <paramref name="text"/> spells in presentation format; a relative name is completed with <paramref name="origin"/>, or with the root when there is none.</summary>
    /// <exception cref="FormatException">The text is not a valid name; the message says why.</exception>
    public static DnsName Parse(string text, DnsName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, origin, out DnsName? name, out string error))
            throw new FormatException($"'{text}': {error}");
        return name;
    }

    /// <summary>Parse <paramref name="text"/> in presentation format (<c>@</c>, relative, absolute with a trailing dot, <c>\.</c> and <c>\DDD</c> escapes); false with the reason when it is not a valid name.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, DnsName? origin, [NotNullWhen(true)] out DnsName? name, out string error)
        => TryParse(text, origin, out name, out _, out error);

    /// <summary>Parse like <see cref="TryParse(ReadOnlySpan{char}, DnsName?, out DnsName?, out string)"/> and say whether the text was relative (no trailing dot, or <c>@</c>).</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, DnsName? origin, [NotNullWhen(true)] out DnsName? name, out bool relative, out string error)
    {
        name = null;
        relative = false;
        origin ??= Root;
        if (text.IsEmpty)
        {
            error = "the name is empty";
            return false;
        }
        if (text is "@")
        {
            relative = true;
            name = origin;
            error = "";
            return true;
        }
        if (text is ".")
        {
            name = Root;
            error = "";
            return true;
        }

        Span<byte> wire = stackalloc byte[MaxLength];
        Span<byte> utf8 = stackalloc byte[4];
        int labelStart = 0;     // where the current label's length byte goes
        int position = 1;       // next byte to write
        int labelTextStart = 0; // where the current label starts in the text, for messages
        bool absolute = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                int labelLength = position - labelStart - 1;
                if (labelLength == 0)
                {
                    error = i == 0 ? "a name cannot start with '.' (only the root is '.')" : $"an empty label (two dots at position {i + 1})";
                    return false;
                }
                wire[labelStart] = (byte)labelLength;
                if (i == text.Length - 1)
                {
                    absolute = true;
                    break;
                }
                labelStart = position;
                position++;
                labelTextStart = i + 1;
                if (position >= MaxLength)
                    return TooLong(text, out error);
                continue;
            }

            int value;
            int width = 1;
            bool rawByte = false; // a \DDD escape gives a byte, not a character to encode
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "a '\\' at the end of the name escapes nothing";
                    return false;
                }
                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        error = $"'\\{Excerpt(text[(i + 1)..], 3)}' is not a \\DDD escape (three decimal digits)";
                        return false;
                    }
                    value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        error = $"'\\{text.Slice(i + 1, 3)}' is not a byte (\\DDD is 000 to 255)";
                        return false;
                    }
                    i += 3;
                    rawByte = true;
                }
                else
                {
                    i++;
                    value = text[i];
                }
            }
            else
            {
                value = c;
            }

            if (value < 0x80 || rawByte)
            {
                utf8[0] = (byte)value;
            }
            else
            {
                // Names are bytes; a non-ASCII character stands for its UTF-8 encoding, as other master-file readers take it.
                int charCount = char.IsHighSurrogate((char)value) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                width = Encoding.UTF8.GetBytes(text.Slice(i, charCount), utf8);
                i += charCount - 1;
            }
            if (position - labelStart - 1 + width > MaxLabelLength)
            {
                int end = text[labelTextStart..].IndexOf('.');
                error = $"the label '{Excerpt(text[labelTextStart..(end < 0 ? text.Length : labelTextStart + end)], 70)}' is longer than {MaxLabelLength} bytes";
                return false;
            }
            if (position + width >= MaxLength)
                return TooLong(text, out error);
            utf8[..width].CopyTo(wire[position..]);
            position += width;
        }

        if (!absolute)
        {
            wire[labelStart] = (byte)(position - labelStart - 1);
            relative = true;
        }
        // position now indexes where the suffix (the root byte, or the origin) starts.
        ReadOnlySpan<byte> suffix = absolute ? Root._wire : origin._wire;
        if (position + suffix.Length > MaxLength)
            return TooLong(text, out error);
        var result = new byte[position + suffix.Length];
        wire[..position].CopyTo(result);
        suffix.CopyTo(result.AsSpan(position));
        name = new DnsName(result);
        error = "";
        return true;
    }

    private static bool TooLong(ReadOnlySpan<char> text, out string error)
    {
        error = $"the name '{Excerpt(text, 70)}' is longer than {MaxLength} bytes in wire format";
        return false;
    }

    private static string Excerpt(ReadOnlySpan<char> text, int max) => text.Length <= max ? text.ToString() : string.Concat(text[..max], "...");

    /// <summary>Copy <paramref name="source"/> to <paramref name="destination"/> with ASCII 'A'-'Z' lower-cased and every other byte unchanged; the two may be the same span.</summary>
    public static void FoldCase(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("the destination is shorter than the source", nameof(destination));
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            destination[i] = (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
        }
    }

    /// <summary>Return the hash code of a case-folded wire name: the same value <see cref="GetHashCode"/> gives for the equal <see cref="DnsName"/>, so a span can look one up.</summary>
    public static int GetFoldedHashCode(ReadOnlySpan<byte> foldedWire)
    {
        var hash = new HashCode();
        hash.AddBytes(foldedWire);
        return hash.ToHashCode();
    }

    /// <summary>Return whether <paramref name="other"/> is the same name, ignoring ASCII case.</summary>
    public bool Equals(DnsName? other) => other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _folded.AsSpan().SequenceEqual(other._folded)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    /// <summary>Return a hash of the case-folded wire form.</summary>
    public override int GetHashCode() => _hash;

    /// <summary>Compare in DNSSEC canonical order (RFC 4034 §6.1): by labels from the rightmost, each as case-folded bytes, a missing label first.</summary>
    public int CompareTo(DnsName? other)
    {
        if (other is null)
            return 1;
        int common = Math.Min(LabelCount, other.LabelCount);
        for (int i = 1; i <= common; i++)
        {
            int a = _offsets[LabelCount - i], b = other._offsets[other.LabelCount - i];
            int order = _folded.AsSpan(a + 1, _folded[a]).SequenceCompareTo(other._folded.AsSpan(b + 1, other._folded[b]));
            if (order != 0)
                return order;
        }
        return LabelCount.CompareTo(other.LabelCount);
    }

    /// <summary>Return the name in presentation format, absolute with its trailing dot, special characters escaped (<c>\.</c>, <c>\DDD</c>).</summary>
    public override string ToString()
    {
        if (IsRoot)
            return ".";
        var text = new StringBuilder(_wire.Length + 8);
        for (int i = 0; i < LabelCount; i++)
        {
            AppendLabel(text, Label(i));
            text.Append('.');
        }
        return text.ToString();
    }

    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (byte b in label)
        {
            switch ((char)b)
            {
                // Characters the master-file syntax gives a meaning to (RFC 1035 §5.1) are escaped so the text reads back as the same name.
                case '.' or '\\' or '"' or ';' or '(' or ')' or '@' or '$':
                    text.Append('\\').Append((char)b);
                    break;
                default:
                    if (b is <= 0x20 or >= 0x7F)
                        text.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        text.Append((char)b);
                    break;
            }
        }
    }
}
