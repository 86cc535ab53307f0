using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using Fastpath.Headers;
using Fastpath.Linux;

namespace Fastpath;

/// <summary>A kernel UDP socket as a port: datagrams in and out in bursts of one <c>recvmmsg</c>/<c>sendmmsg</c> each, shown to the program as Ethernet/IP/UDP frames.</summary>
/// <remarks>
/// <para>
/// Named <c>udp:ADDRESS:PORT[,options]</c> (<c>udp:127.0.0.1:5353</c>, <c>udp:[::1]:5353</c>,
/// <c>udp:0.0.0.0:0</c> for any address and a free port). It needs no privilege: it is the slow
/// path, the kernel's whole socket stack, kept so that the same program runs unprivileged and so
/// that the bypass ports can be measured beside it.
/// </para>
/// <para>
/// Receive: each datagram lands in a buffer from the worker's cache, after room for the headers,
/// which are then written in front of it: Ethernet <see cref="PeerMac"/> → <see cref="LocalMac"/>,
/// IPv4 (valid header checksum, DF, TTL 64) or IPv6 (hop limit 64), UDP from the sender's address
/// and port to the bound (or, when bound to any address, the datagram's own) destination. The UDP
/// checksum is 0 over IPv4 ("no checksum", RFC 768) and computed over IPv6, where 0 is not allowed
/// (RFC 8200 §8.1).
/// </para>
/// <para>
/// Transmit: each frame is parsed with <see cref="StandardPacket"/> and its UDP payload is sent to
/// the frame's destination address and port (or to <c>peer=</c> when set), so a program that swaps
/// source and destination answers the client. The frame's source is not used: datagrams leave from
/// the bound address. Frames that cannot go are freed and counted by reason in
/// <see cref="Counters"/>: not UDP over IP, the other IP version, addressed to this port itself,
/// refused by the kernel. When the socket's send buffer is full the rest of the burst is left to
/// the caller.
/// </para>
/// </remarks>
public struct UdpPort : IPort, IWaitablePort, IDisposable
{
    /// <summary>The MAC a received frame is addressed to: locally administered, "udp" in ASCII.</summary>
    public static readonly MacAddress LocalMac = new(0x02_75_64_70_00_01);

    /// <summary>The MAC a received frame comes from.</summary>
    public static readonly MacAddress PeerMac = new(0x02_75_64_70_00_02);

    private readonly UdpSocket _s;

    private UdpPort(UdpSocket socket) => _s = socket;

    /// <summary>Open and bind the socket a <c>udp:ADDRESS:PORT[,rcvbuf=BYTES][,sndbuf=BYTES][,peer=ADDRESS:PORT][,reuseport]</c> spec names.</summary>
    /// <exception cref="ArgumentException">The spec is malformed; the message says what is accepted.</exception>
    /// <exception cref="IOException">The kernel refused (address in use, not an address of this host, a low port without privilege); the message says what to do.</exception>
    public static UdpPort Open(PortSpec spec, BufferCache cache, ushort portId = 0) => new(UdpSocket.Open(spec, cache, portId));

    /// <summary>Return the address and port the socket is bound to (the port the kernel chose, for port 0).</summary>
    public readonly IPEndPoint LocalEndPoint => _s.LocalEndPoint;

    /// <summary>Return the fixed destination of every datagram (<c>peer=</c>), or null to send to each frame's destination.</summary>
    public readonly IPEndPoint? Peer => _s.Peer;

    /// <summary>Return the kernel's receive buffer size in bytes, as granted for <c>rcvbuf=</c>.</summary>
    public readonly int ReceiveBufferBytes => _s.ReceiveBufferBytes;

    /// <summary>Return the port's counters.</summary>
    public readonly UdpPortCounters Counters => _s.Counters;

    /// <summary>Set <see cref="UdpPortCounters.KernelDropped"/> to the socket's drop count now (a syscall: call it from the control plane, not per burst).</summary>
    public readonly void ReadKernelStatistics() => _s.ReadKernelStatistics();

    /// <inheritdoc/>
    public readonly bool IsExhausted => false;

    /// <inheritdoc/>
    [SkipLocalsInit]
    public readonly unsafe int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        UdpSocket s = _s;
        int want = Math.Min(buffers.Length, UdpSocket.RxBurst);
        if (want == 0)
            return 0;
        // Buffers stay posted across polls, so an empty poll costs the syscall and nothing from the cache.
        PacketBuffer[] posted = s.Posted;
        int count = s.PostedCount;
        while (count < want && s.Cache.TryAlloc(out posted[count]))
            count++;
        s.PostedCount = count;
        if (count < want)
        {
            want = count;
            if (want == 0)
            {
                s.Counters.RxNoBuffer++;
                return 0;
            }
        }

        int header = s.HeaderLength;
        MMsgHdr* messages = s.RxMessages;
        for (int i = 0; i < want; i++)
        {
            BufferDescriptor* d = posted[i].Descriptor;
            s.RxIov[i].Base = d->Room + d->DefaultHeadroom + header;
            s.RxIov[i].Length = (nuint)(d->Capacity - d->DefaultHeadroom - header);
            // The kernel writes back how much of the name and control room it used: give it all again.
            messages[i].Header.NameLength = s.NameLength;
            messages[i].Header.ControlLength = s.Wildcard ? UdpSocket.ControlStride : 0u;
            messages[i].Header.Flags = 0;
        }
        int received = KernelSockets.recvmmsg(s.Fd, messages, (uint)want, KernelSockets.MSG_DONTWAIT, null);
        if (received <= 0)
        {
            if (received < 0 && KernelSockets.Errno() is not (KernelSockets.EAGAIN or KernelSockets.EINTR))
                s.Counters.RxErrors++;
            return 0;
        }

        int n = 0, keep = 0;
        for (int i = 0; i < want; i++)
        {
            PacketBuffer b = posted[i];
            if (i >= received)
            {
                posted[keep++] = b;
                continue;
            }
            MMsgHdr* m = messages + i;
            if ((m->Header.Flags & KernelSockets.MSG_TRUNC) != 0)
            {
                // Larger than the room: the kernel kept only the front; the buffer is reused.
                s.Counters.RxTruncated++;
                posted[keep++] = b;
                continue;
            }
            WriteHeaders(s, b, m, (int)m->Length, s.RxNames + i * UdpSocket.NameStride);
            b.Port = s.PortId;
            buffers[n++] = b;
        }
        s.PostedCount = keep;
        s.Counters.RxPackets += n;
        return n;
    }

    /// <inheritdoc/>
    public readonly int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        int done = 0;
        while (done < buffers.Length)
        {
            int chunk = Math.Min(buffers.Length - done, UdpSocket.TxBurst);
            int accepted = SendChunk(buffers.Slice(done, chunk));
            done += accepted;
            if (accepted < chunk)
                break;
        }
        return done;
    }

    /// <inheritdoc/>
    /// <remarks><c>sendmmsg</c> has already handed every accepted datagram to the kernel: nothing is held back.</remarks>
    public readonly void Flush()
    {
    }

    /// <inheritdoc/>
    public readonly unsafe bool WaitForPackets(int timeoutMilliseconds)
    {
        var fd = new PollFd { Fd = _s.Fd, Events = KernelSockets.POLLIN };
        return KernelSockets.poll(&fd, 1, timeoutMilliseconds) > 0;
    }

    /// <summary>Close the socket and give the buffers posted for receive back to the pool.</summary>
    public readonly void Dispose() => _s?.Dispose();

    // Reasons a frame is not sent; 0 means it is.
    private const byte Send = 0, NotUdp = 1, WrongFamily = 2, ToSelf = 3;

    [SkipLocalsInit]
    private readonly unsafe int SendChunk(ReadOnlySpan<PacketBuffer> buffers)
    {
        UdpSocket s = _s;
        Span<byte> reason = stackalloc byte[UdpSocket.TxBurst];
        Span<byte> refused = stackalloc byte[UdpSocket.TxBurst];
        Span<byte> messageOf = stackalloc byte[UdpSocket.TxBurst];
        int m = 0;
        for (int i = 0; i < buffers.Length; i++)
        {
            reason[i] = Prepare(s, buffers[i], m);
            if (reason[i] == Send)
            {
                refused[m] = 0;
                messageOf[m++] = (byte)i;
            }
        }

        int sent = 0;
        while (sent < m)
        {
            int r = KernelSockets.sendmmsg(s.Fd, s.TxMessages + sent, (uint)(m - sent), KernelSockets.MSG_DONTWAIT);
            if (r > 0)
            {
                sent += r;
                continue;
            }
            int errno = KernelSockets.Errno();
            if (errno is KernelSockets.EAGAIN or KernelSockets.ENOBUFS or KernelSockets.EINTR)
                break; // the send buffer is full: the caller keeps the rest
            // sendmmsg fails as a whole only when its first message fails: that one cannot go (no
            // route, a bad address, a firewall), so drop it and go on with the next.
            refused[sent++] = 1;
        }

        // The accepted prefix ends at the first message not sent; frames dropped before it are ours to count and free.
        int accepted = sent == m ? buffers.Length : messageOf[sent];
        UdpPortCounters c = s.Counters;
        for (int i = 0; i < sent; i++)
        {
            if (refused[i] != 0)
                c.TxErrors++;
            else
                c.TxPackets++;
        }
        for (int i = 0; i < accepted; i++)
        {
            switch (reason[i])
            {
                case NotUdp: c.TxNotUdp++; break;
                case WrongFamily: c.TxWrongFamily++; break;
                case ToSelf: c.TxToSelf++; break;
            }
        }
        s.Cache.FreeBurst(buffers[..accepted]);
        return accepted;
    }

    // Fill message `m` with the frame's UDP payload and destination, or return why the frame cannot go.
    private static unsafe byte Prepare(UdpSocket s, PacketBuffer b, int m)
    {
        Span<byte> frame = b.Data;
        if (!StandardPacket.TryParse(frame, out StandardPacket p) || !p.HasUdp)
            return NotUdp;
        if (s.Ipv6 ? !p.HasIpv6 : !p.HasIpv4)
            return WrongFamily;
        int udp = p.UdpOffset;
        byte* data = b.Descriptor->Room + b.Descriptor->DataOffset;
        // The parser checked the UDP length against the frame, so the payload is inside the packet.
        int payload = p.Udp.Length - Udp.HeaderLength;
        byte* name = s.TxNames + m * UdpSocket.NameStride;
        if (s.Peer is not null)
        {
            Buffer.MemoryCopy(s.PeerName, name, UdpSocket.NameStride, s.NameLength);
        }
        else
        {
            ushort portRaw = *(ushort*)(data + udp + 2);
            if (s.Ipv6)
            {
                var sin6 = (SockAddrIn6*)name;
                sin6->Family = KernelSockets.AF_INET6;
                sin6->Port = portRaw;
                sin6->FlowInfo = 0;
                sin6->ScopeId = s.LocalScopeId;
                byte* destination = data + p.Ipv6Offset + 24;
                Buffer.MemoryCopy(destination, sin6->Address, 16, 16);
                if (portRaw == s.LocalPortRaw && IsLocal(s, new Ipv6Address(new ReadOnlySpan<byte>(destination, 16))))
                    return ToSelf;
            }
            else
            {
                var sin = (SockAddrIn*)name;
                sin->Family = KernelSockets.AF_INET;
                sin->Port = portRaw;
                sin->Address = *(uint*)(data + p.Ipv4Offset + 16);
                if (portRaw == s.LocalPortRaw && IsLocal(s, sin->Address))
                    return ToSelf;
            }
        }
        s.TxIov[m].Base = data + udp + Udp.HeaderLength;
        s.TxIov[m].Length = (nuint)payload;
        return Send;
    }

    private static bool IsLocal(UdpSocket s, uint addressRaw)
    {
        if (!s.Wildcard)
            return addressRaw == s.LocalV4Raw;
        // 127/8 is this host whatever the interfaces say.
        if ((BitConverter.IsLittleEndian ? addressRaw & 0xFF : addressRaw >> 24) == 127)
            return true;
        return Array.IndexOf(s.HostV4Raw, addressRaw) >= 0;
    }

    private static bool IsLocal(UdpSocket s, Ipv6Address address) =>
        s.Wildcard ? Array.IndexOf(s.HostV6, address) >= 0 || address == new Ipv6Address(0, 1) : address == s.LocalV6;

    // Write the Ethernet/IP/UDP headers in front of a datagram of `length` bytes received from `name`.
    private static unsafe void WriteHeaders(UdpSocket s, PacketBuffer b, MMsgHdr* m, int length, byte* name)
    {
        BufferDescriptor* d = b.Descriptor;
        int header = s.HeaderLength;
        d->DataOffset = d->DefaultHeadroom;
        d->Length = (ushort)(header + length);
        var h = new Span<byte>(d->Room + d->DataOffset, header + length);
        s.Template.CopyTo(h);
        Span<byte> ip = h[14..];
        Span<byte> udp = h[(header - 8)..];
        int udpLength = 8 + length;
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        if (s.Ipv6)
        {
            var sin6 = (SockAddrIn6*)name;
            new ReadOnlySpan<byte>(sin6->Address, 16).CopyTo(ip[8..24]);
            if (s.Wildcard)
                Destination(m, KernelSockets.IPPROTO_IPV6, KernelSockets.IPV6_PKTINFO, 0, 16, ip[24..40]);
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)udpLength);
            Unsafe.WriteUnaligned(ref udp[0], sin6->Port);
            // RFC 8200 §8.1: over IPv6 the UDP checksum is mandatory, and a computed 0 is sent as all ones.
            ulong pseudo = InternetChecksum.PseudoHeader(new Ipv6Address(ip[8..24]), new Ipv6Address(ip[24..40]), KernelSockets.IPPROTO_UDP, udpLength);
            ushort sum = InternetChecksum.Compute(udp[..udpLength], pseudo);
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], sum == 0 ? (ushort)0xFFFF : sum);
        }
        else
        {
            var sin = (SockAddrIn*)name;
            Unsafe.WriteUnaligned(ref ip[12], sin->Address);
            if (s.Wildcard)
                Destination(m, KernelSockets.IPPROTO_IP, KernelSockets.IP_PKTINFO, 8, 4, ip[16..20]);
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + udpLength));
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], s.NextIpId++);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip[..20]));
            Unsafe.WriteUnaligned(ref udp[0], sin->Port);
        }
    }

    // Copy the datagram's destination address out of its IP_PKTINFO/IPV6_PKTINFO message.
    private static unsafe void Destination(MMsgHdr* m, int level, int type, int offset, int length, Span<byte> into)
    {
        byte* c = (byte*)m->Header.Control;
        nuint end = m->Header.ControlLength;
        for (nuint at = 0; at + CmsgHdr.DataOffset <= end;)
        {
            var cm = (CmsgHdr*)(c + at);
            if (cm->Length < CmsgHdr.DataOffset)
                return;
            if (cm->Level == level && cm->Type == type)
            {
                new ReadOnlySpan<byte>(c + at + CmsgHdr.DataOffset + offset, length).CopyTo(into);
                return;
            }
            at += (cm->Length + 7) & ~(nuint)7;
        }
    }
}
