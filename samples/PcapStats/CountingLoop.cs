using Fastpath.Headers;

namespace Fastpath.Samples.PcapStats;

/// <summary>The poll loop: receive a burst, parse and count each packet, free the burst; specialized per port type by the JIT.</summary>
internal sealed class CountingLoop(BufferCache cache, ProtocolCounts counts) : IPortVisitor<long>
{
    public long Visit<TPort>(ref TPort port) where TPort : struct, IPort
    {
        Burst burst = default;
        Span<PacketBuffer> buffers = burst;
        long received = 0;
        while (!port.IsExhausted)
        {
            int n = port.ReceiveBurst(buffers);
            for (int i = 0; i < n; i++)
            {
                Span<byte> frame = buffers[i].Data;
                StandardPacket.TryParse(frame, out var packet);
                counts.Add(packet, frame.Length);
            }
            cache.FreeBurst(buffers[..n]);
            received += n;
        }
        return received;
    }
}
