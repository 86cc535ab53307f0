using System.Buffers.Binary;
using System.Text;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>Builds DNS queries and reads replies for tests, independently of the server's code: names decompressed, records as comparable text.</summary>
internal static class DnsMessages
{
    /// <summary>A reply, its records as text (owner, TTL, class, type, RDATA with names decompressed and case-folded), the OPT record apart.</summary>
    public sealed record Reply(ushort Id, ushort Flags, int Rcode, string Question, List<string> Answer, List<string> Authority, List<string> Additional, int? OptSize)
    {
        public bool Authoritative => (Flags & 0x0400) != 0;

        public bool Truncated => (Flags & 0x0200) != 0;

        /// <summary>Return everything a parity check compares: flags that matter, RCODE, each section sorted.</summary>
        public string Comparable(bool withAdditional = true) =>
            $"rcode {Rcode} aa {Authoritative} tc {Truncated} opt {OptSize.HasValue}\n"
            + "answer:\n  " + string.Join("\n  ", Answer.Order(StringComparer.Ordinal)) + "\nauthority:\n  " + string.Join("\n  ", Authority.Order(StringComparer.Ordinal))
            + (withAdditional ? "\nadditional:\n  " + string.Join("\n  ", Additional.Order(StringComparer.Ordinal)) : "");
    }

    /// <summary>Return a query for <paramref name="name"/> (presentation format, its case kept) and <paramref name="type"/>, with an OPT record when <paramref name="ednsSize"/> is given.</summary>
    public static byte[] Query(string name, ushort type, ushort id = 0x1234, int? ednsSize = null, byte ednsVersion = 0, ushort flags = 0x0100, ushort qclass = 1)
    {
        var m = new List<byte>();
        void U16(int v) { m.Add((byte)(v >> 8)); m.Add((byte)v); }
        U16(id);
        U16(flags);
        U16(1);
        U16(0);
        U16(0);
        U16(ednsSize.HasValue ? 1 : 0);
        m.AddRange(Wire(name));
        U16(type);
        U16(qclass);
        if (ednsSize is int size)
        {
            m.Add(0);
            U16(41);
            U16(size);
            m.Add(0);
            m.Add(ednsVersion);
            U16(0);
            U16(0);
        }
        return [.. m];
    }

    /// <summary>Return a name in wire format.</summary>
    public static byte[] Wire(string name)
    {
        var bytes = new List<byte>();
        foreach (string label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>Read a reply.</summary>
    public static Reply Parse(ReadOnlySpan<byte> m)
    {
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(m);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(m[2..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(m[4..]), an = BinaryPrimitives.ReadUInt16BigEndian(m[6..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(m[8..]), ar = BinaryPrimitives.ReadUInt16BigEndian(m[10..]);
        int at = 12;
        string question = "";
        for (int i = 0; i < qd; i++)
        {
            question = Name(m, ref at) + " " + BinaryPrimitives.ReadUInt16BigEndian(m[at..]) + " " + BinaryPrimitives.ReadUInt16BigEndian(m[(at + 2)..]);
            at += 4;
        }
        var sections = new List<string>[3] { [], [], [] };
        int rcode = flags & 0xF;
        int? optSize = null;
        for (int i = 0; i < an + ns + ar; i++)
        {
            string owner = Name(m, ref at).ToLowerInvariant();
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
            ushort cls = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(m[(at + 4)..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
            at += 10;
            if (type == 41)
            {
                optSize = cls;
                rcode |= (int)(ttl >> 24) << 4;
                at += length;
                continue;
            }
            string rdata = Rdata(m, at, length, type);
            at += length;
            sections[i < an ? 0 : i < an + ns ? 1 : 2].Add($"{owner} {ttl} {cls} {type} {rdata}");
        }
        return new Reply(id, flags, rcode, question, sections[0], sections[1], sections[2], optSize);
    }

    private static string Rdata(ReadOnlySpan<byte> m, int at, int length, ushort type)
    {
        int end = at + length;
        switch (type)
        {
            case 2 or 5 or 12 or 39:
                return Name(m, ref at).ToLowerInvariant();
            case 15:
            {
                int pref = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
                at += 2;
                return pref + " " + Name(m, ref at).ToLowerInvariant();
            }
            case 33:
            {
                string head = Convert.ToHexString(m.Slice(at, 6));
                at += 6;
                return head + " " + Name(m, ref at).ToLowerInvariant();
            }
            case 6:
            {
                string a = Name(m, ref at).ToLowerInvariant();
                string b = Name(m, ref at).ToLowerInvariant();
                return a + " " + b + " " + Convert.ToHexString(m[at..end]);
            }
            default:
                return Convert.ToHexString(m[at..end]);
        }
    }

    private static string Name(ReadOnlySpan<byte> m, ref int at)
    {
        var labels = new List<string>();
        int p = at;
        bool jumped = false;
        for (int guard = 0; guard < 128; guard++)
        {
            byte len = m[p];
            if (len == 0)
            {
                if (!jumped)
                    at = p + 1;
                return labels.Count == 0 ? "." : string.Join('.', labels) + ".";
            }
            if ((len & 0xC0) == 0xC0)
            {
                if (!jumped)
                    at = p + 2;
                jumped = true;
                p = (len & 0x3F) << 8 | m[p + 1];
                continue;
            }
            labels.Add(Encoding.Latin1.GetString(m.Slice(p + 1, len)));
            p += 1 + len;
        }
        throw new InvalidDataException("compression loop");
    }
}
