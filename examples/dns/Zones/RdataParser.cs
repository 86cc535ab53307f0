using System.Buffers.Binary;
using System.Globalization;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Reads a record's RDATA fields in presentation format for the types this server knows as text (A, AAAA, NS, CNAME, SOA,
/// MX, TXT, SPF, SRV, PTR, CAA, DNAME, HINFO), and the RFC 3597 generic form <c>\# length hex</c> for every type.
/// </summary>
internal static class RdataParser
{
    private static readonly System.Buffers.SearchValues<char> CaaTagCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Read the RDATA of a <paramref name="type"/> record from <paramref name="fields"/> into parts; false after reporting what was wrong.</summary>
    public static bool TryParse(RecordType type, FieldReader fields, out List<RdataPart> parts)
    {
        var rdata = new Builder(RdataLayout.IsCompressible(type));
        parts = rdata.Parts;
        if (fields.AtGenericMarker)
            return TryParseGeneric(type, fields, out parts);
        bool ok = type switch
        {
            RecordType.A => fields.TryIpv4(out byte[] v4) && rdata.Bytes(v4),
            RecordType.AAAA => fields.TryIpv6(out byte[] v6) && rdata.Bytes(v6),
            RecordType.NS => Name(fields, rdata, "the name server"),
            RecordType.CNAME => Name(fields, rdata, "the canonical name"),
            RecordType.PTR => Name(fields, rdata, "the pointer target"),
            RecordType.DNAME => Name(fields, rdata, "the redirection target"),
            RecordType.SOA => Name(fields, rdata, "the primary name server, MNAME")
                && Name(fields, rdata, "the responsible mailbox, RNAME")
                && fields.TryNumber("the serial", uint.MaxValue, out ulong serial) && rdata.UInt32((uint)serial)
                && Time(fields, rdata, "the refresh interval") && Time(fields, rdata, "the retry interval")
                && Time(fields, rdata, "the expire limit") && Time(fields, rdata, "the minimum, the negative-caching TTL"),
            RecordType.MX => fields.TryNumber("the MX preference", ushort.MaxValue, out ulong preference) && rdata.UInt16((ushort)preference)
                && Name(fields, rdata, "the mail exchange"),
            RecordType.SRV => fields.TryNumber("the SRV priority", ushort.MaxValue, out ulong priority) && rdata.UInt16((ushort)priority)
                && fields.TryNumber("the SRV weight", ushort.MaxValue, out ulong weight) && rdata.UInt16((ushort)weight)
                && fields.TryNumber("the SRV port", ushort.MaxValue, out ulong port) && rdata.UInt16((ushort)port)
                && Name(fields, rdata, "the SRV target"),
            RecordType.TXT or RecordType.SPF => Strings(fields, rdata),
            RecordType.HINFO => fields.TryCharacterString("the HINFO CPU", rdata.Pending)
                && fields.TryCharacterString("the HINFO OS", rdata.Pending),
            RecordType.CAA => Caa(fields, rdata),
            _ => NoTextForm(type, fields),
        };
        if (!ok)
            return false;
        rdata.Finish();
        return fields.ExpectEnd();
    }

    private static bool Name(FieldReader fields, Builder rdata, string what)
    {
        if (!fields.TryName(what, out DnsName name))
            return false;
        rdata.Name(name);
        return true;
    }

    private static bool Time(FieldReader fields, Builder rdata, string what)
        => fields.TryTtl(what, out uint seconds) && rdata.UInt32(seconds);

    // TXT: one or more character-strings (RFC 1035 §3.3.14), each quoted or a bare word.
    private static bool Strings(FieldReader fields, Builder rdata)
    {
        if (!fields.TryCharacterString("the text", rdata.Pending))
            return false;
        while (!fields.AtEnd)
        {
            if (!fields.TryNext("a character-string", out ZoneToken token) || !fields.TryCharacterString(token, "the text", rdata.Pending))
                return false;
        }
        return true;
    }

    // CAA (RFC 8659 §4.1.1): flags, a tag of letters and digits, and a value that is the rest of the RDATA (no length byte).
    private static bool Caa(FieldReader fields, Builder rdata)
    {
        if (!fields.TryNumber("the CAA flags", byte.MaxValue, out ulong flags))
            return false;
        const string tagExpected = "a CAA tag of letters and digits (issue, issuewild, iodef, ...)";
        if (!fields.TryNext(tagExpected, out ZoneToken tag))
            return false;
        if (tag.Quoted || tag.Text.Length is 0 or > 255 || tag.Text.AsSpan().ContainsAnyExcept(CaaTagCharacters))
            return fields.Expected(tag, tagExpected);
        const string valueExpected = "a CAA value (a quoted string)";
        if (!fields.TryNext(valueExpected, out ZoneToken value))
            return false;
        var bytes = new List<byte>();
        if (!CharacterStrings.TryDecode(value.Text, bytes, out string error))
            return fields.Expected(value, valueExpected, error);
        rdata.Pending.Add((byte)flags);
        rdata.Pending.Add((byte)tag.Text.Length);
        foreach (char c in tag.Text)
            rdata.Pending.Add((byte)c);
        rdata.Pending.AddRange(bytes);
        return true;
    }

    private static bool NoTextForm(RecordType type, FieldReader fields)
    {
        string reason = $"this reader spells {Mnemonics.ToText(type)} RDATA only in the RFC 3597 generic form";
        if (!fields.TryNext("'\\#' (the RFC 3597 generic form)", out ZoneToken token))
            return false;
        return fields.Expected(token, "'\\#' (the RFC 3597 generic form)", reason);
    }

    // RFC 3597 §5: "\#", the RDATA length in decimal, then the bytes in hex, in as many words as liked.
    private static bool TryParseGeneric(RecordType type, FieldReader fields, out List<RdataPart> parts)
    {
        parts = [];
        fields.TryNext("'\\#'", out ZoneToken marker);
        if (!fields.TryNumber("the RDATA length", ushort.MaxValue, out ulong length))
            return false;
        var hex = new System.Text.StringBuilder();
        ZoneToken first = default;
        while (!fields.AtEnd)
        {
            fields.TryNext("hex data", out ZoneToken word);
            if (hex.Length == 0)
                first = word;
            if (word.Quoted || word.Text.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
                return fields.Expected(word, "hex data (two digits a byte)");
            hex.Append(word.Text);
        }
        if (hex.Length % 2 != 0)
            return fields.Expected(first, "hex data (two digits a byte)", $"an odd number of digits ({hex.Length})");
        byte[] bytes = Convert.FromHexString(hex.ToString());
        if ((ulong)bytes.Length != length)
        {
            string found = bytes.Length == 0 ? "none" : bytes.Length.ToString(CultureInfo.InvariantCulture);
            return fields.Error(bytes.Length == 0 ? marker : first, $"expected {length} bytes of hex data as the length says, found {found}");
        }
        if (!RdataLayout.TrySplit(type, bytes, out parts, out string error))
            return fields.Error(marker, error);
        return true;
    }

    /// <summary>Gathers RDATA parts, merging consecutive raw bytes into one part so the text and generic forms give the same parts.</summary>
    private sealed class Builder(bool compressible)
    {
        public List<RdataPart> Parts { get; } = [];

        public List<byte> Pending { get; } = [];

        public bool Bytes(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
                Pending.Add(b);
            return true;
        }

        public bool UInt16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
            return Bytes(bytes);
        }

        public bool UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            return Bytes(bytes);
        }

        public void Name(DnsName name)
        {
            Finish();
            Parts.Add(RdataPart.FromName(name, compressible));
        }

        public void Finish()
        {
            if (Pending.Count == 0)
                return;
            Parts.Add(RdataPart.FromBytes(Pending.ToArray()));
            Pending.Clear();
        }
    }
}
