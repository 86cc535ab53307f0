using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// RDATA in presentation format, as a master file would spell it; what this reader cannot spell as text (or bytes that
/// do not fit their type) comes out in the RFC 3597 generic form <c>\# length hex</c>, which reads back as the same bytes.
/// </summary>
internal static class RdataFormatter
{
    /// <summary>Return <paramref name="rdata"/> (uncompressed wire RDATA of <paramref name="type"/>) in presentation format.</summary>
    public static string Format(RecordType type, ReadOnlySpan<byte> rdata)
    {
        var text = new StringBuilder();
        if (!TryFormat(type, rdata, text))
        {
            text.Clear();
            AppendGeneric(text, rdata);
        }
        return text.ToString();
    }

    /// <summary>Append the RFC 3597 §5 generic form: <c>\#</c>, the length, and the bytes in hex.</summary>
    public static void AppendGeneric(StringBuilder text, ReadOnlySpan<byte> rdata)
    {
        text.Append("\\# ").Append(rdata.Length.ToString(CultureInfo.InvariantCulture));
        if (!rdata.IsEmpty)
            text.Append(' ').Append(Convert.ToHexString(rdata));
    }

    private static bool TryFormat(RecordType type, ReadOnlySpan<byte> rdata, StringBuilder text)
    {
        switch (type)
        {
            case RecordType.A when rdata.Length == 4:
                text.Append(new IPAddress(rdata).ToString());
                return true;
            case RecordType.AAAA when rdata.Length == 16:
                text.Append(new IPAddress(rdata).ToString());
                return true;
            case RecordType.NS or RecordType.MD or RecordType.MF or RecordType.CNAME or RecordType.MB or RecordType.MG or RecordType.MR
                or RecordType.PTR or RecordType.DNAME:
                return AppendName(text, ref rdata) && rdata.IsEmpty;
            case RecordType.SOA:
                if (!AppendName(text, ref rdata) || !Space(text) || !AppendName(text, ref rdata) || rdata.Length != 20)
                    return false;
                for (int i = 0; i < 5; i++)
                    text.Append(' ').Append(BinaryPrimitives.ReadUInt32BigEndian(rdata[(4 * i)..]).ToString(CultureInfo.InvariantCulture));
                return true;
            case RecordType.MINFO or RecordType.RP:
                return AppendName(text, ref rdata) && Space(text) && AppendName(text, ref rdata) && rdata.IsEmpty;
            case RecordType.MX or RecordType.AFSDB or RecordType.KX or (RecordType)21:
                return AppendNumbers(text, ref rdata, 1) && AppendName(text, ref rdata) && rdata.IsEmpty;
            case RecordType.SRV:
                return AppendNumbers(text, ref rdata, 3) && AppendName(text, ref rdata) && rdata.IsEmpty;
            case RecordType.TXT or RecordType.SPF or RecordType.HINFO:
                if (!CharacterStrings.FitsType(type, rdata, out _))
                    return false;
                for (int i = 0; i < rdata.Length; i += 1 + rdata[i])
                {
                    if (i > 0)
                        text.Append(' ');
                    CharacterStrings.AppendQuoted(text, rdata.Slice(i + 1, rdata[i]));
                }
                return true;
            case RecordType.CAA:
                if (!CharacterStrings.FitsType(type, rdata, out _))
                    return false;
                text.Append(rdata[0].ToString(CultureInfo.InvariantCulture)).Append(' ');
                text.Append(Encoding.ASCII.GetString(rdata.Slice(2, rdata[1]))).Append(' ');
                CharacterStrings.AppendQuoted(text, rdata[(2 + rdata[1])..]);
                return true;
            default:
                return false;
        }
    }

    private static bool Space(StringBuilder text)
    {
        text.Append(' ');
        return true;
    }

    private static bool AppendName(StringBuilder text, ref ReadOnlySpan<byte> rdata)
    {
        int length = DnsName.MeasureWire(rdata, out string? error);
        if (error is not null)
            return false;
        text.Append(DnsName.FromWire(rdata[..length]).ToString());
        rdata = rdata[length..];
        return true;
    }

    private static bool AppendNumbers(StringBuilder text, ref ReadOnlySpan<byte> rdata, int count)
    {
        if (rdata.Length < 2 * count)
            return false;
        for (int i = 0; i < count; i++)
            text.Append(BinaryPrimitives.ReadUInt16BigEndian(rdata[(2 * i)..]).ToString(CultureInfo.InvariantCulture)).Append(' ');
        rdata = rdata[(2 * count)..];
        return true;
    }
}
