using System.Buffers.Binary;
using CsCheck;
using Fastpath.Headers;
using PacketDotNet;

namespace Fastpath.Tests.Checksums;

public class ChecksumTests
{
    // RFC 1071 as written: add big-endian 16-bit words, pad an odd byte, fold the carries.
    private static ushort Naive(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (data.Length % 2 == 1)
            sum += (ulong)data[^1] << 8;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    [Fact]
    public void VectorizedSumEqualsTheNaiveSumAtEveryLength()
    {
        Gen.Byte.Array[0, 3000].Sample(data => Assert.Equal(Naive(data), InternetChecksum.Compute(data)), iter: 3000);
        var big = new byte[200_000];
        Array.Fill(big, (byte)0xFF);
        Assert.Equal(Naive(big), InternetChecksum.Compute(big));
    }

    [Fact]
    public void IncrementalUpdateEqualsARecompute()
    {
        Gen.Select(Gen.Byte.Array[2, 200], Gen.Int, Gen.UShort).Sample((data, at, word) =>
        {
            int offset = (int)((uint)at % (data.Length / 2)) * 2;
            ushort before = InternetChecksum.Compute(data);
            ushort old = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), word);
            ushort after = InternetChecksum.Compute(data);
            ushort patched = InternetChecksum.Update(before, old, word);
            // RFC 1624 §3: the two may differ only as +0 / -0 (0x0000 versus 0xFFFF).
            Assert.True(patched == after || (patched ^ after) == 0xFFFF && (patched == 0 || after == 0), $"{patched:X4} vs {after:X4}");
        }, iter: 3000);
    }

    [Fact]
    public void TransportChecksumsAgreeWithPacketDotNet()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.UInt, Gen.UInt, Gen.Bool).Sample((payload, src, dst, tcp) =>
        {
            var ip = new IPv4Packet(new System.Net.IPAddress(BinaryPrimitives.ReverseEndianness(src)), new System.Net.IPAddress(BinaryPrimitives.ReverseEndianness(dst)));
            if (tcp)
                ip.PayloadPacket = new TcpPacket(1234, 80) { PayloadData = payload, Synchronize = true };
            else
                ip.PayloadPacket = new UdpPacket(5353, 5300) { PayloadData = payload };
            var eth = new EthernetPacket(System.Net.NetworkInformation.PhysicalAddress.Parse("020000000001"), System.Net.NetworkInformation.PhysicalAddress.Parse("020000000002"), EthernetType.IPv4) { PayloadPacket = ip };
            ip.UpdateIPChecksum();
            if (ip.PayloadPacket is TcpPacket t)
                t.UpdateTcpChecksum();
            else
                ((UdpPacket)ip.PayloadPacket).UpdateUdpChecksum();
            ip.UpdateIPChecksum();
            byte[] frame = eth.Bytes;

            Assert.True(StandardPacket.TryParse(frame, out var p), p.Error.ToString());
            Assert.True(p.Ipv4.IsChecksumValid);
            var ipView = p.Ipv4;
            ushort theirs = ipView.HeaderChecksum;
            ipView.UpdateChecksum();
            Assert.Equal(theirs, ipView.HeaderChecksum);
            int segment = ipView.TotalLength - ipView.LengthInBytes;
            ulong pseudo = ipView.PseudoHeaderSum(segment);
            if (tcp)
            {
                Assert.True(p.Tcp.IsChecksumValid(pseudo, p.Payload));
                var tcpView = p.Tcp;
                theirs = tcpView.Checksum;
                tcpView.UpdateChecksum(pseudo, p.Payload);
                Assert.Equal(theirs, tcpView.Checksum);
            }
            else
            {
                Assert.True(p.Udp.IsChecksumValid(pseudo, p.Payload));
                var udpView = p.Udp;
                theirs = udpView.Checksum;
                udpView.UpdateChecksum(pseudo, p.Payload);
                // RFC 768: a computed UDP checksum of zero is sent as all ones, because zero on the
                // wire means "no checksum". PacketDotNet writes the zero; we must not.
                Assert.Equal(theirs == 0 ? (ushort)0xFFFF : theirs, udpView.Checksum);
                Assert.NotEqual(0, udpView.Checksum);
            }
        }, iter: 300);
    }
}
