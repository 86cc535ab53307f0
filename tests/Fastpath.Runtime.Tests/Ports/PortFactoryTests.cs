using Fastpath.Headers;
using Fastpath.Tests.Pcap;

namespace Fastpath.Tests.Ports;

/// <summary>Ports opened by name reach the visitor as their concrete struct type.</summary>
public class PortFactoryTests
{
    private sealed class CountDns : IPortVisitor<(string Type, long Packets, long Dns)>
    {
        public (string, long, long) Visit<TPort>(ref TPort port) where TPort : struct, IPort
        {
            Span<PacketBuffer> burst = new PacketBuffer[Burst.MaxSize];
            long packets = 0, dns = 0;
            while (!port.IsExhausted)
            {
                int n = port.ReceiveBurst(burst);
                for (int i = 0; i < n; i++)
                {
                    if (StandardPacket.TryParse(burst[i].Data, out var p) && p.HasDns)
                        dns++;
                }
                port.TransmitBurst(burst[..n]);
                packets += n;
            }
            port.Flush();
            return (typeof(TPort).Name, packets, dns);
        }
    }

    [Fact]
    public void PcapAndMemoryFramesPortsReplayTheSameCapture()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.pcap");
        string output = dir.File("out.pcap");
        using (var writer = new PcapWriter(input))
        {
            foreach (byte[] frame in SyntheticFrames.Create("dns", 50))
                writer.Write(frame, 1_700_000_000_000_000_000);
            foreach (byte[] frame in SyntheticFrames.Create("udp", 25))
                writer.Write(frame, 1_700_000_000_000_000_000);
        }
        using var pool = new BufferPool(512);
        BufferCache cache = pool.CreateCache();

        Assert.True(PortSpec.TryParse($"pcap:{input},{output}", out PortSpec? pcap, out _));
        var fromFile = PortFactory.Run(pcap!, cache, new CountDns());
        Assert.Equal((nameof(PcapPort), 75L, 50L), fromFile);
        Assert.Equal(File.ReadAllBytes(input).Length, File.ReadAllBytes(output).Length);

        Assert.True(PortSpec.TryParse($"memory:frames={input},count=150,drop", out PortSpec? memory, out _));
        var fromMemory = PortFactory.Run(memory!, cache, new CountDns());
        Assert.Equal((nameof(MemoryPort), 150L, 100L), fromMemory);

        cache.Flush();
        Assert.Equal(pool.Count, pool.Available);
    }

    [Fact]
    public void AMissingCaptureIsNamed()
    {
        using var pool = new BufferPool(64);
        var spec = new PortSpec("memory", "frames=/nonexistent/x.pcap");
        var ex = Assert.Throws<ArgumentException>(() => PortFactory.OpenMemory(spec, pool.CreateCache(64)));
        Assert.Contains("'/nonexistent/x.pcap' not found", ex.Message);
    }
}
