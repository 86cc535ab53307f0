using System.Buffers.Binary;
using CsCheck;

namespace Fastpath.Tests.Support;

/// <summary>A packet described by its field values, and an encoder that writes it byte by byte without the generated code.</summary>
internal sealed record PacketSpec(
    ulong Destination,
    ulong Source,
    ushort[] Vlans,
    bool Ipv6,
    uint Source4,
    uint Destination4,
    byte Ttl,
    int Ipv4OptionWords,
    byte[] Source6,
    byte[] Destination6,
    int ExtensionHeaders,
    int Transport,
    ushort SourcePort,
    ushort DestinationPort,
    int TcpOptionWords,
    byte[] Payload,
    int Padding)
{
    public const int Udp = 0, Tcp = 1, Icmp = 2;

    public static readonly Gen<PacketSpec> Generator =
        from macs in Gen.Select(Gen.ULong[0, 0xFFFF_FFFF_FFFF], Gen.ULong[0, 0xFFFF_FFFF_FFFF])
        from vlans in Gen.UShort[0, 4095].Array[0, 2]
        from ipv6 in Gen.Bool
        from v4 in Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, Gen.Int[0, 10])
        from v6 in Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.Int[0, 3])
        from transport in Gen.Int[0, 2]
        from ports in Gen.Select(Gen.UShort, Gen.UShort, Gen.Int[0, 10])
        from payload in Gen.Byte.Array[0, 200]
        from padding in Gen.Int[0, 20]
        select new PacketSpec(macs.Item1, macs.Item2, vlans, ipv6, v4.Item1, v4.Item2, v4.Item3, v4.Item4,
            v6.Item1, v6.Item2, v6.Item3, transport, Avoid(ports.Item1), Avoid(ports.Item2), ports.Item3, payload, padding);

    // Ports 53 and 4789 lead the standard graph into DNS and VXLAN, whose headers a random payload need not hold.
    private static ushort Avoid(ushort port) => port is 53 or 4789 ? (ushort)(port + 1) : port;

    public int TransportHeaderLength => Transport switch { Udp => 8, Tcp => 20 + 4 * TcpOptionWords, _ => Ipv6 ? 4 : 8 };

    public byte ProtocolNumber => Transport switch { Udp => 17, Tcp => 6, _ => Ipv6 ? (byte)58 : (byte)1 };

    public byte[] Encode()
    {
        var bytes = new List<byte>();
        void U8(int v) => bytes.Add((byte)v);
        void U16(int v) { U8(v >> 8); U8(v); }
        void U32(uint v) { U16((int)(v >> 16)); U16((int)(v & 0xFFFF)); }
        void U48(ulong v) { U16((int)(v >> 32)); U32((uint)v); }

        U48(Destination);
        U48(Source);
        int ipType = Ipv6 ? 0x86DD : 0x0800;
        foreach (ushort vlan in Vlans)
        {
            U16(0x8100);
            U16(vlan);
        }
        U16(ipType);

        var transport = new List<byte>();
        void T8(int v) => transport.Add((byte)v);
        void T16(int v) { T8(v >> 8); T8(v); }
        switch (Transport)
        {
            case Udp:
                T16(SourcePort); T16(DestinationPort); T16(8 + Payload.Length); T16(0);
                break;
            case Tcp:
                T16(SourcePort); T16(DestinationPort);
                T16(0x1234); T16(0x5678); T16(0); T16(0);
                T8((5 + TcpOptionWords) << 4); T8(0x18); T16(1024); T16(0); T16(0);
                for (int i = 0; i < TcpOptionWords * 4; i++)
                    T8(1); // NOP options
                break;
            default:
                T8(Ipv6 ? 128 : 8); T8(0); T16(0);
                if (!Ipv6)
                {
                    T16(SourcePort); T16(DestinationPort);
                }
                break;
        }
        transport.AddRange(Payload);

        if (Ipv6)
        {
            int extensionBytes = ExtensionHeaders * 8;
            U32(0x6000_0000);
            U16(extensionBytes + transport.Count);
            U8(ExtensionHeaders > 0 ? 0 : ProtocolNumber);
            U8(Ttl);
            bytes.AddRange(Source6);
            bytes.AddRange(Destination6);
            for (int i = 0; i < ExtensionHeaders; i++)
            {
                // Hop-by-hop first, then destination options: each 8 bytes of PadN.
                U8(i + 1 < ExtensionHeaders ? 60 : ProtocolNumber);
                U8(0);
                U8(1); U8(4); U32(0);
            }
        }
        else
        {
            int headerLength = 20 + 4 * Ipv4OptionWords;
            U8(0x40 | headerLength / 4);
            U8(0);
            U16(headerLength + transport.Count);
            U16(0x4242);
            U16(0x4000);
            U8(Ttl);
            U8(ProtocolNumber);
            U16(0);
            U32(Source4);
            U32(Destination4);
            for (int i = 0; i < Ipv4OptionWords * 4; i++)
                U8(1); // NOP options
        }
        bytes.AddRange(transport);
        for (int i = 0; i < Padding; i++)
            U8(0xEE); // link-layer padding the parser must trim
        return bytes.ToArray();
    }
}
