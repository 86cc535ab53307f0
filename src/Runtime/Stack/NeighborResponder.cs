using System.Buffers.Binary;
using Fastpath.Headers;

namespace Fastpath.Stack;

/// <summary>Answers IPv6 neighbor solicitations for the host's own addresses on the fast path (RFC 4861), writing the advertisement over the solicitation.</summary>
/// <remarks>
/// The advertisement (32 bytes of ICMPv6 with the target link-layer address option) is written over
/// the solicitation, keeping the Ethernet header and any VLAN tags. It is 8 bytes longer than a
/// solicitation without options (a duplicate-address probe), so it may use 8 bytes of tailroom.
/// </remarks>
public static class NeighborResponder
{
    /// <summary>The ICMPv6 length of the advertisement written: the 24-byte message and one 8-byte link-layer address option.</summary>
    public const int AdvertisementLength = 32;

    private static readonly Ipv6Address AllNodes = new(0xFF02_0000_0000_0000UL, 1);

    /// <summary>Turn a neighbor solicitation for one of <paramref name="addresses"/> in <paramref name="buffer"/> into the advertisement from <paramref name="mac"/>, setting the buffer's new length; false, the packet untouched, for anything else.</summary>
    public static bool TryAdvertise(PacketBuffer buffer, int ipv6Offset, int icmpOffset, MacAddress mac, ReadOnlySpan<Ipv6Address> addresses)
    {
        if (!TryAdvertise(buffer.DataAndTailroom, buffer.Length, ipv6Offset, icmpOffset, mac, addresses, out int length))
            return false;
        buffer.TrySetLength(length);
        return true;
    }

    /// <summary>
    /// Turn a neighbor solicitation for one of <paramref name="addresses"/> — the first <paramref name="frameLength"/>
    /// bytes of <paramref name="room"/>, its IPv6 header at <paramref name="ipv6Offset"/> and ICMPv6 at
    /// <paramref name="icmpOffset"/> — into the advertisement from <paramref name="mac"/>; on success
    /// <paramref name="length"/> is the frame's new length. False, the frame untouched, for anything else, a
    /// solicitation RFC 4861 §7.1.1 says to discard, or too little room.
    /// </summary>
    public static bool TryAdvertise(Span<byte> room, int frameLength, int ipv6Offset, int icmpOffset, MacAddress mac, ReadOnlySpan<Ipv6Address> addresses, out int length)
    {
        length = 0;
        if ((uint)frameLength > (uint)room.Length || ipv6Offset < Ethernet.HeaderLength || icmpOffset < ipv6Offset + Ipv6.HeaderLength
            || icmpOffset + AdvertisementLength > room.Length)
            return false;
        Span<byte> frame = room[..frameLength];
        if (!Ipv6.TryCreate(frame[ipv6Offset..], out Ipv6 ip) || !Ethernet.TryCreate(frame, out Ethernet ethernet))
            return false;
        int end = ipv6Offset + Ipv6.HeaderLength + ip.PayloadLength;
        // RFC 4861 §7.1.1: hop limit 255 (never forwarded), code 0, at least 24 bytes.
        if (end > frame.Length || end - icmpOffset < 24 || ip.HopLimit != 255)
            return false;
        Span<byte> message = frame[icmpOffset..end];
        if (message[0] != 135 || message[1] != 0)
            return false;
        var target = new Ipv6Address(message.Slice(8, 16));
        if (!addresses.Contains(target))
            return false;

        // The solicitation's source link-layer address option says where to send the answer; RFC 4861
        // §7.1.1 forbids it when the source is unspecified (duplicate address detection).
        MacAddress? requesterMac = null;
        Span<byte> options = message[24..];
        while (options.Length >= 2)
        {
            int optionLength = options[1] * 8;
            if (optionLength == 0 || optionLength > options.Length)
                return false; // §7.1.1: every option's length is above 0, and options fit the message
            if (options[0] == 1 && optionLength >= 8)
                requesterMac = new MacAddress(BinaryPrimitives.ReadUInt64BigEndian(options) & 0xFFFF_FFFF_FFFF);
            options = options[optionLength..];
        }
        bool unspecified = ip.Source.High == 0 && ip.Source.Low == 0;
        if (unspecified && requesterMac is not null)
            return false;

        // §7.2.4: to the soliciting node, solicited flag set; to all nodes, unsolicited, for a DAD probe.
        Ipv6Address destination = unspecified ? AllNodes : ip.Source;
        MacAddress destinationMac = unspecified ? new MacAddress(0x3333_0000_0001UL) : requesterMac ?? ethernet.Source;
        ethernet.Destination = destinationMac;
        ethernet.Source = mac;
        ip.Source = target;
        ip.Destination = destination;
        ip.HopLimit = 255;
        ip.PayloadLength = (ushort)(icmpOffset - ipv6Offset - Ipv6.HeaderLength + AdvertisementLength);

        Span<byte> advert = room.Slice(icmpOffset, AdvertisementLength);
        advert[0] = 136;
        advert[1] = 0;
        advert[2] = advert[3] = 0;
        // Router clear, Solicited (unless DAD), Override: the address is ours.
        advert[4] = (byte)(unspecified ? 0x20 : 0x60);
        advert[5] = advert[6] = advert[7] = 0;
        target.WriteTo(advert.Slice(8, 16));
        advert[24] = 2; // target link-layer address option
        advert[25] = 1; // 8 bytes
        BinaryPrimitives.WriteUInt16BigEndian(advert[26..], (ushort)(mac.Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(advert[28..], (uint)mac.Value);
        ulong pseudo = ip.PseudoHeaderSum(IpProtocol.Icmpv6, AdvertisementLength);
        BinaryPrimitives.WriteUInt16BigEndian(advert[2..], InternetChecksum.Compute(advert, pseudo));
        length = icmpOffset + AdvertisementLength;
        return true;
    }
}
