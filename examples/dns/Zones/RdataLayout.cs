namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Where the domain names sit in each type's RDATA, and which of them a response may compress.
/// </summary>
/// <remarks>
/// Only types whose RDATA holds names need a layout: the rest is one opaque block. Knowing the layout is what lets an RDATA
/// given in the RFC 3597 generic form (<c>MX \# 7 000A03...</c>) become the same record as its usual text form.
/// </remarks>
public static class RdataLayout
{
    private enum Field : byte { Name, Fixed2, Fixed4, Fixed6, Fixed16, Fixed20 }

    /// <summary>Return whether names in <paramref name="type"/>'s RDATA may be compressed in a response: only the RFC 1035 types may (RFC 3597 §4).</summary>
    public static bool IsCompressible(RecordType type)
        => type is RecordType.NS or RecordType.MD or RecordType.MF or RecordType.CNAME or RecordType.SOA or RecordType.MB
            or RecordType.MG or RecordType.MR or RecordType.PTR or RecordType.MINFO or RecordType.MX;

    private static ReadOnlySpan<Field> Layout(RecordType type) => type switch
    {
        RecordType.A => [Field.Fixed4],
        RecordType.AAAA => [Field.Fixed16],
        RecordType.NS or RecordType.MD or RecordType.MF or RecordType.CNAME or RecordType.MB or RecordType.MG or RecordType.MR
            or RecordType.PTR or RecordType.DNAME => [Field.Name],
        RecordType.SOA => [Field.Name, Field.Name, Field.Fixed20],
        RecordType.MINFO or RecordType.RP => [Field.Name, Field.Name],
        RecordType.MX or RecordType.AFSDB or RecordType.KX or (RecordType)21 /* RT, RFC 1183 */ => [Field.Fixed2, Field.Name],
        RecordType.SRV => [Field.Fixed6, Field.Name],
        _ => [],
    };

    /// <summary>Split uncompressed wire RDATA into parts by <paramref name="type"/>'s layout; false with the reason when the bytes do not fit it.</summary>
    internal static bool TrySplit(RecordType type, ReadOnlySpan<byte> rdata, out List<RdataPart> parts, out string error)
    {
        parts = [];
        ReadOnlySpan<Field> layout = Layout(type);
        if (layout.IsEmpty)
        {
            // Opaque RDATA; text-bearing types must still hold well-formed character-strings so they print as text.
            if (!CharacterStrings.FitsType(type, rdata, out error))
                return false;
            if (!rdata.IsEmpty)
                parts.Add(RdataPart.FromBytes(rdata));
            return true;
        }

        bool compressible = IsCompressible(type);
        int offset = 0;
        int rawStart = 0;
        foreach (Field field in layout)
        {
            if (field == Field.Name)
            {
                if (offset > rawStart)
                    parts.Add(RdataPart.FromBytes(rdata[rawStart..offset]));
                int length = DnsName.MeasureWire(rdata[offset..], out string? nameError);
                if (nameError is not null)
                {
                    error = $"the RDATA does not hold a valid {Mnemonics.ToText(type)} record: at byte {offset}, {nameError}";
                    return false;
                }
                parts.Add(RdataPart.FromName(DnsName.FromWire(rdata.Slice(offset, length)), compressible));
                offset += length;
                rawStart = offset;
            }
            else
            {
                int size = field switch { Field.Fixed2 => 2, Field.Fixed4 => 4, Field.Fixed6 => 6, Field.Fixed16 => 16, _ => 20 };
                if (rdata.Length - offset < size)
                {
                    error = $"the RDATA does not hold a valid {Mnemonics.ToText(type)} record: {rdata.Length} bytes is too short";
                    return false;
                }
                offset += size;
            }
        }
        if (offset != rdata.Length)
        {
            error = $"the RDATA does not hold a valid {Mnemonics.ToText(type)} record: {rdata.Length - offset} bytes too many";
            return false;
        }
        if (offset > rawStart)
            parts.Add(RdataPart.FromBytes(rdata[rawStart..offset]));
        error = "";
        return true;
    }
}
