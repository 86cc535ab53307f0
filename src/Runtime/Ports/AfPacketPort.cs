using System.Buffers.Binary;
using Fastpath.Linux;

namespace Fastpath;

/// <summary>An interface through an AF_PACKET socket with mapped rings: a TPACKET_V3 receive ring read with no syscall, and a transmit ring sent with one <c>send</c> per burst.</summary>
/// <remarks>
/// <para>
/// Named <c>af_packet:IFNAME[,options]</c>: <c>fanout=hash|lb|cpu|rollover|rnd|qm</c> and
/// <c>group=N</c> (several sockets, one per worker, share the interface's traffic: with
/// <c>hash</c> each flow goes to one of them), <c>blocks=N</c> and <c>block_size=BYTES</c> (the
/// receive ring, 32 × 256 KiB by default), <c>timeout=MS</c> (how long the kernel fills a block
/// before handing it over anyway), <c>tx_frames=N</c>, <c>promisc</c>, and <c>qdisc</c> (send
/// through the interface's qdisc instead of bypassing it). Needs root or CAP_NET_RAW.
/// </para>
/// <para>
/// Receive copies each frame into a buffer from the worker's cache. TPACKET_V3 hands the ring
/// over in whole blocks, each holding many frames, and a block can go back to the kernel only
/// once every frame in it is done with; a worker may keep buffers past a burst (batched for
/// transmit, queued for the slow path), so lending ring memory as buffers would hold blocks and
/// stall the ring. The copy releases each block as soon as its last frame is read. A VLAN tag
/// the kernel took out of the frame (into the ring header) is put back, so the program sees
/// the frame as it was on the wire.
/// </para>
/// <para>
/// Transmit copies each frame into a free slot of the transmit ring, then one <c>send</c> asks
/// the kernel to send every queued slot. The socket bypasses the qdisc
/// (<c>PACKET_QDISC_BYPASS</c>) and ignores outgoing frames (<c>PACKET_IGNORE_OUTGOING</c>), so
/// it never receives what it or the kernel sends.
/// </para>
/// </remarks>
public struct AfPacketPort : IPort, IWaitablePort, IDisposable
{
    private const byte PacketOutgoing = 4; // PACKET_OUTGOING, a frame the host sent

    private readonly AfPacketSocket _s;

    private AfPacketPort(AfPacketSocket socket) => _s = socket;

    /// <summary>Open the socket an <c>af_packet:IFNAME[,options]</c> spec names, with its rings mapped and bound to the interface.</summary>
    /// <exception cref="ArgumentException">The spec is malformed; the message says what is accepted.</exception>
    /// <exception cref="IOException">The kernel refused (not root, no such interface, interface down, fanout group taken); the message says what to do.</exception>
    public static AfPacketPort Open(PortSpec spec, BufferCache cache, ushort portId = 0) => new(AfPacketSocket.Open(spec, cache, portId));

    /// <summary>Return the interface's name.</summary>
    public readonly string Interface => _s.Interface;

    /// <summary>Return the interface's MTU, read when the port opened.</summary>
    public readonly int Mtu => _s.Mtu;

    /// <summary>Return the fanout group this socket joined, or null.</summary>
    public readonly int? FanoutGroup => _s.FanoutGroup;

    /// <summary>Return the port's counters.</summary>
    public readonly AfPacketPortCounters Counters => _s.Counters;

    /// <inheritdoc/>
    public readonly bool IsExhausted => false;

    /// <summary>Add the kernel's packet and drop counts since the last call to <see cref="Counters"/> (a syscall: call it from the control plane, not per burst).</summary>
    public readonly void ReadKernelStatistics() => _s.ReadKernelStatistics();

    /// <inheritdoc/>
    public readonly unsafe int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        AfPacketSocket s = _s;
        int n = 0;
        while (n < buffers.Length)
        {
            if (s.FramesLeft == 0)
            {
                var block = (TpacketBlockDesc*)(s.RxRing + (nuint)s.Block * (nuint)s.BlockSize);
                // Acquire: the frames the kernel wrote before handing the block over are visible after this read.
                if ((Volatile.Read(ref block->BlockStatus) & TpacketStatus.User) == 0)
                    break;
                if (block->PacketCount == 0)
                {
                    // Retired by the timer with nothing in it.
                    Release(s, block);
                    continue;
                }
                s.FramesLeft = block->PacketCount;
                s.Frame = (byte*)block + block->OffsetToFirstPacket;
            }
            if (!s.Cache.TryAlloc(out PacketBuffer b))
            {
                // The frame stays in the ring for the next poll.
                s.Counters.RxNoBuffer++;
                break;
            }
            var h = (Tpacket3Hdr*)s.Frame;
            if (((SockAddrLl*)(s.Frame + Tpacket3Hdr.LinkAddressOffset))->PacketType == PacketOutgoing)
            {
                // Only where PACKET_IGNORE_OUTGOING cannot reach: a fanout group on a kernel without PACKET_FANOUT_FLAG_IGNORE_OUTGOING.
                s.Cache.Free(b);
                s.Counters.RxOutgoing++;
            }
            else if (CopyFrame(h, b))
            {
                b.Port = s.PortId;
                buffers[n++] = b;
            }
            else
            {
                s.Cache.Free(b);
                s.Counters.RxOversized++;
            }
            s.Frame += h->NextOffset;
            if (--s.FramesLeft == 0)
                Release(s, (TpacketBlockDesc*)(s.RxRing + (nuint)s.Block * (nuint)s.BlockSize));
        }
        s.Counters.RxPackets += n;
        return n;
    }

    /// <inheritdoc/>
    public readonly unsafe int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        AfPacketSocket s = _s;
        AfPacketPortCounters c = s.Counters;
        int accepted = 0, queued = 0;
        for (; accepted < buffers.Length; accepted++)
        {
            PacketBuffer b = buffers[accepted];
            int length = b.Length;
            byte* data = b.Descriptor->Room + b.Descriptor->DataOffset;
            // The kernel's own limits (an Ethernet header at least; the MTU plus the header, plus a
            // tag when there is one), checked here so that it never has to discard a frame unseen.
            if (length < 14)
            {
                c.TxRunts++;
                s.Cache.Free(b);
                continue;
            }
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(data + 12, 2));
            int limit = s.Mtu + 14 + (type is 0x8100 or 0x88A8 ? 4 : 0);
            if (length > limit || length > s.TxFrameSize - Tpacket3Hdr.TxDataOffset)
            {
                c.TxOversized++;
                s.Cache.Free(b);
                continue;
            }
            var frame = (Tpacket3Hdr*)(s.TxRing + (nuint)s.TxHead * (nuint)s.TxFrameSize);
            uint status = Volatile.Read(ref frame->Status);
            if (status != TpacketStatus.Available)
            {
                if ((status & TpacketStatus.WrongFormat) == 0)
                    break; // still the kernel's: the ring is full, the caller keeps the rest
                c.TxWrongFormat++;
            }
            Buffer.MemoryCopy(data, (byte*)frame + Tpacket3Hdr.TxDataOffset, s.TxFrameSize - Tpacket3Hdr.TxDataOffset, length);
            frame->NextOffset = 0;
            frame->Length = (uint)length;
            frame->SnapLength = (uint)length;
            // Release: the kernel reads the frame only after it sees this status.
            Volatile.Write(ref frame->Status, TpacketStatus.SendRequest);
            s.TxHead = s.TxHead + 1 == s.TxFrameCount ? 0 : s.TxHead + 1;
            s.Cache.Free(b);
            queued++;
        }
        c.TxPackets += queued;
        // One send per burst; also when the ring was full, so that a kick refused earlier is retried.
        if (queued > 0 || accepted < buffers.Length || s.KickPending)
            Kick(s);
        return accepted;
    }

    /// <inheritdoc/>
    /// <remarks>Every burst kicks the ring already; this retries a kick the kernel turned away as busy.</remarks>
    public readonly void Flush()
    {
        if (_s.KickPending)
            Kick(_s);
    }

    /// <inheritdoc/>
    public readonly unsafe bool WaitForPackets(int timeoutMilliseconds)
    {
        var fd = new PollFd { Fd = _s.Fd, Events = KernelSockets.POLLIN };
        return KernelSockets.poll(&fd, 1, timeoutMilliseconds) > 0;
    }

    /// <summary>Unmap the rings and close the socket (frames still queued for transmit may be lost).</summary>
    public readonly void Dispose() => _s?.Dispose();

    private static unsafe void Release(AfPacketSocket s, TpacketBlockDesc* block)
    {
        // Release: every copy out of the block is done before the kernel may write it again.
        Volatile.Write(ref block->BlockStatus, TpacketStatus.Kernel);
        s.Block = s.Block + 1 == s.BlockCount ? 0 : s.Block + 1;
    }

    private static unsafe bool CopyFrame(Tpacket3Hdr* h, PacketBuffer b)
    {
        uint snap = h->SnapLength;
        byte* data = (byte*)h + h->Mac;
        // The kernel moves a VLAN tag the NIC (or veth's offload) stripped into the header; put it back as libpcap does.
        bool tagged = (h->VlanTci != 0 || (h->Status & TpacketStatus.VlanValid) != 0) && snap >= 12;
        int length = (int)snap + (tagged ? 4 : 0);
        BufferDescriptor* d = b.Descriptor;
        // Truncated by the ring (snap < len) or too long for the buffer: dropped and counted by the caller.
        if (snap < h->Length || length > d->Capacity - d->DefaultHeadroom)
            return false;
        byte* to = d->Room + d->DefaultHeadroom;
        if (tagged)
        {
            Buffer.MemoryCopy(data, to, 12, 12);
            ushort tpid = (h->Status & TpacketStatus.VlanTpidValid) != 0 ? h->VlanTpid : (ushort)0x8100;
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(to + 12, 2), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(to + 14, 2), (ushort)h->VlanTci);
            Buffer.MemoryCopy(data + 12, to + 16, snap - 12, snap - 12);
        }
        else
        {
            Buffer.MemoryCopy(data, to, snap, snap);
        }
        d->DataOffset = d->DefaultHeadroom;
        d->Length = (ushort)length;
        d->Timestamp = h->Sec * 1_000_000_000L + h->Nsec;
        d->RssHash = h->RxHash;
        return true;
    }

    private static unsafe void Kick(AfPacketSocket s)
    {
        // MSG_DONTWAIT: hand the queued frames to the driver and return without waiting for them to complete.
        if (KernelSockets.sendto(s.Fd, null, 0, KernelSockets.MSG_DONTWAIT, null, 0) >= 0)
        {
            s.KickPending = false;
            return;
        }
        int errno = KernelSockets.Errno();
        s.KickPending = true;
        if (errno is not (KernelSockets.EAGAIN or KernelSockets.ENOBUFS or KernelSockets.EINTR))
            s.Counters.TxKickErrors++;
    }
}
