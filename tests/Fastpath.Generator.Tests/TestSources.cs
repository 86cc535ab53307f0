namespace Fastpath.Generator.Tests;

/// <summary>
/// Declarations the snapshot, behaviour and caching tests share. Each lives in its own <c>Tests.*</c> namespace so it
/// never clashes with the runtime's standard headers in <c>Fastpath.Headers</c>.
/// </summary>
internal static class TestSources
{
    /// <summary>A parse graph with masked, range, exact, bool and signed selects, a header stack, a default that rejects, and Expect.</summary>
    public const string CustomGraph = """
        using System;
        using Fastpath;

        namespace Tests.Custom;

        /// <summary>What a tunnel header carries.</summary>
        public enum TunnelKind : byte
        {
            Keepalive = 0x00,
            Data = 0x10,
            Control = 0x20,
        }

        /// <summary>The outer header: a version, a kind and a port.</summary>
        [Header]
        [Expect(nameof(Version), 2, Error = ParseError.BadVersion)]
        public readonly ref partial struct Tunnel
        {
            [Bits(2)] public partial byte Version { get; set; }
            [Bits(1)] public partial bool Encrypted { get; set; }
            [Bits(5)] public partial byte Reserved { get; set; }
            [Bits(8)] public partial TunnelKind Kind { get; set; }
            [Bits(16)] public partial ushort Port { get; set; }
        }

        /// <summary>A control message; options follow when HasOptions is set.</summary>
        [Header]
        public readonly ref partial struct Control
        {
            [Bits(1)] public partial bool HasOptions { get; set; }
            [Bits(7)] public partial byte Code { get; set; }
            [Bits(8)] public partial sbyte Delta { get; set; }
        }

        /// <summary>A variable-length option: (Words + 1) × 4 bytes; the top bit of Type says another follows.</summary>
        [Header]
        [Length(nameof(Words), Scale = 4, Add = 4)]
        public readonly ref partial struct TunnelOption
        {
            [Bits(8)] public partial byte Type { get; set; }
            [Bits(8)] public partial byte Words { get; set; }
            [Bits(16)] public partial ushort Checksum { get; set; }
        }

        /// <summary>A data header whose Length bounds the packet, and a signed offset.</summary>
        [Header]
        [TotalLength(nameof(Length), Add = 0)]
        public readonly ref partial struct Body
        {
            [Bits(16)] public partial ushort Length { get; set; }
            [Bits(16)] public partial short Offset { get; set; }
        }

        [Parser(typeof(Tunnel))]
        [Select(typeof(Tunnel), nameof(Tunnel.Kind), 0x10, typeof(Body), Mask = 0xF0)]
        [SelectRange(typeof(Tunnel), nameof(Tunnel.Kind), 0x20, 0x2F, typeof(Control))]
        [Select(typeof(Tunnel), nameof(Tunnel.Kind), 0x00, typeof(Accept))]
        [Default(typeof(Tunnel), typeof(Reject))]
        [Select(typeof(Control), nameof(Control.HasOptions), 1, typeof(TunnelOption))]
        [Stack(typeof(TunnelOption), 3)]
        [Select(typeof(TunnelOption), nameof(TunnelOption.Type), 0x80, typeof(TunnelOption), Mask = 0x80)]
        [Select(typeof(Body), nameof(Body.Offset), 0xFFFF, typeof(Reject))]
        [SelectRange(typeof(Body), nameof(Body.Offset), 0, 0x7FFF, typeof(Accept))]
        [Default(typeof(Body), typeof(Reject))]
        public ref partial struct TunnelPacket
        {
        }
        """;

    /// <summary>Runs the custom parser from the test, since its result is a ref struct reflection cannot return.</summary>
    public const string CustomGraphProbe = """
        using System;

        namespace Tests.Custom;

        public static class Probe
        {
            public static string Parse(byte[] frame)
            {
                if (!TunnelPacket.TryParse(frame, out TunnelPacket p))
                    return $"rejected {p.Error} at {p.ErrorLayer}";
                string text = $"accepted {p.Tunnel.Kind}";
                if (p.HasBody)
                    text += $" body offset {p.Body.Offset}";
                if (p.HasControl)
                    text += $" control delta {p.Control.Delta}";
                for (int i = 0; i < p.TunnelOptionCount; i++)
                    text += $" option {p.GetTunnelOption(i).Type:X2}/{p.GetTunnelOption(i).LengthInBytes}";
                return text + $" payload {p.Payload.Length}";
            }
        }
        """;

    /// <summary>Little-endian fields, 3-, 5- and 6-byte big-endian fields, signed fields of odd widths, and byte spans.</summary>
    public const string OddLayout = """
        using System;
        using Fastpath;

        namespace Tests.Odd;

        [Header]
        public readonly ref partial struct OddLayout
        {
            [Bits(16, LittleEndian = true)] public partial ushort LittleShort { get; set; }
            [Bits(32, LittleEndian = true)] public partial uint LittleInt { get; set; }
            [Bits(64, LittleEndian = true)] public partial ulong LittleLong { get; set; }
            [Bits(24)] public partial uint ThreeBytes { get; set; }
            [Bits(48)] public partial ulong SixBytes { get; set; }
            [Bits(4)] public partial sbyte SignedNibble { get; set; }
            [Bits(12)] public partial short SignedTwelve { get; set; }
            [Bits(16)] public partial short Signed16 { get; set; }
            [Bits(8)] public partial sbyte SignedByte { get; }
            [Bytes(6)] public partial Span<byte> Token { get; }
            [Bytes(2)] public partial ReadOnlySpan<byte> Trailer { get; }
            [Bits(5)] internal partial byte Pad { get; set; }
            [Bits(35)] public partial long Wide35 { get; set; }
        }
        """;

    /// <summary>Reads and writes the odd layout from the test.</summary>
    public const string OddLayoutProbe = """
        using System;

        namespace Tests.Odd;

        public static class Probe
        {
            public static string Read(byte[] data)
            {
                if (!OddLayout.TryCreate(data, out OddLayout h))
                    return "short";
                return $"{h.LittleShort:X} {h.LittleInt:X} {h.LittleLong:X} {h.ThreeBytes:X} {h.SixBytes:X} {h.SignedNibble} {h.SignedTwelve} {h.Signed16} {h.SignedByte} " +
                       $"{Convert.ToHexString(h.Token)} {Convert.ToHexString(h.Trailer)} {h.Pad} {h.Wide35}";
            }

            public static byte[] Write(int size, long wide35, sbyte nibble, short twelve)
            {
                var data = new byte[size];
                Array.Fill(data, (byte)0xA5);
                OddLayout.TryCreate(data, out OddLayout h);
                h.LittleShort = 0x1234;
                h.LittleInt = 0x11223344;
                h.LittleLong = 0x0102030405060708;
                h.ThreeBytes = 0xABCDEF;
                h.SixBytes = 0x112233445566;
                h.SignedNibble = nibble;
                h.SignedTwelve = twelve;
                h.Signed16 = -2;
                h.Pad = 0x1F;
                h.Wide35 = wide35;
                return data;
            }
        }
        """;

    /// <summary>Names that are C# keywords, and an internal header whose parser is public.</summary>
    public const string KeywordNames = """
        using Fastpath;

        namespace Tests.Keywords;

        [Header]
        internal readonly ref partial struct @class
        {
            [Bits(8)] public partial byte @int { get; set; }
            [Bits(8)] internal partial byte @event { get; set; }
        }

        [Parser(typeof(@class))]
        [Stack(typeof(@class), 2)]
        [Select(typeof(@class), nameof(@class.@int), 1, typeof(@class))]
        public ref partial struct Packet
        {
        }
        """;

    /// <summary>Length fields wider than 16 bits and an enum length field: their value times Scale may not fit an int.</summary>
    public const string WideLengths = """
        using Fastpath;

        namespace Tests.Wide;

        public enum Units : byte { None = 0, One = 1 }

        [Header]
        [Length(nameof(Words), Scale = 4)]
        [TotalLength(nameof(Total))]
        public readonly ref partial struct Wide
        {
            [Bits(32)] public partial uint Words { get; set; }
            [Bits(32)] public partial uint Total { get; set; }
        }

        [Header]
        [Length(nameof(Count), Scale = 2, Add = 2)]
        public readonly ref partial struct Counted
        {
            [Bits(8)] public partial Units Count { get; set; }
            [Bits(8)] public partial byte Next { get; set; }
        }

        [Parser(typeof(Wide))]
        [Default(typeof(Wide), typeof(Counted))]
        public ref partial struct WidePacket
        {
        }
        """;

    /// <summary>Parses and views the wide-length headers from the test.</summary>
    public const string WideLengthsProbe = """
        namespace Tests.Wide;

        public static class Probe
        {
            public static string Parse(byte[] frame) =>
                WidePacket.TryParse(frame, out WidePacket p)
                    ? $"accepted {p.Wide.LengthInBytes}+{p.Counted.LengthInBytes} payload {p.Payload.Length}"
                    : $"rejected {p.Error} at {p.ErrorLayer}";

            public static string Create(byte[] data) => Wide.TryCreate(data, out Wide w) ? $"view {w.LengthInBytes}" : "no view";
        }
        """;
}
