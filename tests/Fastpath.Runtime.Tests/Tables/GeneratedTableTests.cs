using CsCheck;
using Fastpath.Headers;
using Fastpath.Tables;
using Fastpath.Tests.Support;

namespace Fastpath.Tests.Tables;

/// <summary>The tables the generator makes from [Table] classes: backends, lookups against a reference scan, snapshots per burst, counters, bad entries.</summary>
public class GeneratedTableTests
{
    private static readonly uint[] Addresses = [0x0A000001, 0x0A000102, 0xC0A80001, 0xC0A80101];
    private static readonly ushort[] Ports = [1, 80, 443, 1024, 8080, 65535];

    private sealed record AclEntry(int Priority, uint Source, uint SourceMask, Ipv4Prefix Destination, ushort Low, ushort High, IpProtocol? Protocol, AclTable.Action Action);

    [Fact]
    public void EachKeyShapeGetsTheBackendThatFitsIt()
    {
        Assert.IsType<TernaryTable<AclTable.Action>>(new AclTable().Backing);
        Assert.IsType<ExactTable<FlowTable.Key, FlowTable.Action, DefaultKeyHasher<FlowTable.Key>>>(new FlowTable().Backing);
        Assert.IsType<Lpm6Table<Ipv6RouteTable.Action>>(new Ipv6RouteTable().Backing);
        Assert.Equal(64, AclTable.Size);
        Assert.Equal(["Source", "Destination", "Port", "Protocol"], new AclTable().Backing.Fields.Select(f => f.Name));
        // Hit counters only where the table asks for them (P4's direct counters).
        Assert.NotNull(typeof(AclTable).GetMethod(nameof(AclTable.ReadCounters)));
        Assert.Null(typeof(Ipv6RouteTable).GetMethod("ReadCounters"));
    }

    [Fact]
    public void AnAclAgreesWithAPriorityScanOfItsEntries()
    {
        var random = new Random(7);
        var table = new AclTable();
        var installed = new List<AclEntry>();
        uint[] masks = [0, 0xFF000000, 0xFFFFFF00, 0xFFFFFFFF];
        int[] lengths = [0, 8, 16, 24, 32];
        IpProtocol?[] protocols = [null, IpProtocol.Udp, IpProtocol.Tcp];
        while (installed.Count < 60)
        {
            uint mask = masks[random.Next(masks.Length)];
            int length = lengths[random.Next(lengths.Length)];
            ushort a = Ports[random.Next(Ports.Length)], b = Ports[random.Next(Ports.Length)];
            var entry = new AclEntry(
                random.Next(0, 8),
                Addresses[random.Next(Addresses.Length)] & mask,
                mask,
                new Ipv4Prefix(new Ipv4Address(Addresses[random.Next(Addresses.Length)] & Ipv4Prefix.MaskOf(length)), length),
                Math.Min(a, b),
                Math.Max(a, b),
                protocols[random.Next(protocols.Length)],
                random.Next(3) == 0 ? AclTable.Action.ToControlPlane() : AclTable.Action.Permit((ushort)random.Next(4)));
            var key = new AclTable.Key(entry.Priority, new Masked<Ipv4Address>(new(entry.Source), new(entry.SourceMask)), entry.Destination,
                new ValueRange<ushort>(entry.Low, entry.High), entry.Protocol);
            if (table.TryInsert(key, entry.Action, out _))
                installed.Add(entry);
        }
        AclTable.Reader reader = table.CreateReader(0);
        using var pool = new BufferPool(16);
        BufferCache cache = pool.CreateCache(64);

        Gen<PacketSpec> packets =
            from spec in PacketSpec.Generator
            from s in Gen.Int[0, Addresses.Length - 1]
            from d in Gen.Int[0, Addresses.Length - 1]
            from port in Gen.Int[0, Ports.Length - 1]
            select spec with { Source4 = Addresses[s], Destination4 = Addresses[d], DestinationPort = Ports[port], Padding = 0 };
        int matched = 0;
        packets.Sample(spec =>
        {
            byte[] frame = spec.Encode();
            Assert.True(cache.TryAlloc(out PacketBuffer buffer));
            try
            {
                Assert.True(buffer.TryCopyFrom(frame));
                Assert.True(StandardPacket.TryParse(buffer.Data, out var p), p.Error.ToString());
                // What the key methods read: absent headers read as zeros.
                uint source = p.HasIpv4 ? spec.Source4 : 0, destination = p.HasIpv4 ? spec.Destination4 : 0;
                ushort dport = p.HasUdp ? spec.DestinationPort : (ushort)0;
                IpProtocol protocol = p.HasIpv4 ? (IpProtocol)spec.ProtocolNumber : 0;
                AclEntry? best = null;
                foreach (AclEntry e in installed)
                {
                    bool hit = (source & e.SourceMask) == e.Source && e.Destination.Contains(new Ipv4Address(destination))
                        && dport >= e.Low && dport <= e.High && (e.Protocol is null || e.Protocol == protocol);
                    if (hit && (best is null || e.Priority > best.Priority))
                        best = e;
                }
                Verdict expected = best is null ? Verdict.Drop
                    : best.Action.Kind == AclTable.ActionKind.ToControlPlane ? Verdict.SlowPath
                    : Verdict.Forward(ushort.Parse(best.Action.ToString().Split("port: ")[1].TrimEnd(')')));
                if (best is not null)
                    matched++;
                Assert.Equal(expected, reader.Apply(ref p, buffer));
            }
            finally
            {
                cache.Free(buffer);
            }
        }, iter: 2000, threads: 1); // one thread: the buffer cache and the match count belong to this test's thread
        Assert.True(matched > 200, $"only {matched} of 2000 packets matched an entry: the test would not see a wrong match");
    }

    [Fact]
    public void ExactEntriesPassTheirParametersAndCountHitsPerEntry()
    {
        var flows = new FlowTable(workers: 2);
        var mac = new MacAddress(0x02BB_0000_0001);
        Assert.True(flows.TryInsert(new FlowTable.Key(new Ipv4Address(0xC0000201), 1000, true), FlowTable.Action.SendTo(mac, 3), out string error), error);
        List<byte[]> frames = SyntheticFrames.Create("dns", 4);
        using var pool = new BufferPool(16);
        BufferCache cache = pool.CreateCache(64);
        FlowTable.Reader[] readers = [flows.CreateReader(0), flows.CreateReader(1)];

        Verdict Run(int worker, byte[] frame)
        {
            Assert.True(cache.TryAlloc(out PacketBuffer b));
            Assert.True(b.TryCopyFrom(frame));
            Assert.True(StandardPacket.TryParse(b.Data, out var p));
            Verdict v = readers[worker].Apply(ref p, b);
            if (v.Kind == VerdictKind.Forward)
                Assert.Equal(mac, p.Ethernet.Destination);
            cache.Free(b);
            return v;
        }

        byte[] template = frames[0];
        Assert.True(StandardPacket.TryParse(template, out var t));
        var key = new FlowTable.Key(t.Ipv4.Source, t.Udp.SourcePort, true);
        Assert.True(flows.TryInsert(key, FlowTable.Action.SendTo(mac, 2), out error), error);
        // Readers took their snapshot when made: the insert shows after the next burst's refresh.
        Assert.Equal(Verdict.SlowPath, Run(0, template));
        readers[0].Refresh();
        readers[1].Refresh();
        Assert.Equal(Verdict.Forward(2), Run(0, template));
        Assert.Equal(Verdict.Forward(2), Run(1, template));
        Assert.Equal(Verdict.Forward(2), Run(1, template));
        Assert.Equal(new HitCount(3, 3L * template.Length), flows.ReadCounters(key));

        Assert.True(flows.TryModify(key, FlowTable.Action.Miss(), out error), error);
        readers[0].Refresh();
        Assert.Equal(Verdict.SlowPath, Run(0, template));
        Assert.True(flows.TryDelete(key, out error), error);
        Assert.False(flows.TryDelete(key, out error));
        Assert.Contains("not installed", error);
    }

    [Fact]
    public void BadEntriesAreRefusedWithTheReasonAndChangeNothing()
    {
        var acl = new AclTable();
        var any = new AclTable.Key(1, new Masked<Ipv4Address>(default, default), Ipv4Prefix.Parse("0.0.0.0/0"), new ValueRange<ushort>(0, 65535), null);
        Assert.True(acl.TryInsert(any, AclTable.Action.Permit(1), out string error), error);
        Assert.False(acl.TryInsert(any, AclTable.Action.Permit(2), out error));
        Assert.Contains("already", error);

        // Value bits outside the mask could never match.
        var stray = any with { Source = new Masked<Ipv4Address>(new(0x0A000001), new(0xFF000000)) };
        Assert.False(acl.TryInsert(stray, AclTable.Action.Permit(1), out error));
        Assert.Contains("Source", error);
        var backwards = any with { Port = new ValueRange<ushort>(90, 80) };
        Assert.False(acl.TryApply([TableUpdate<AclTable.Key, AclTable.Action>.Insert(any with { Priority = 5 }, AclTable.Action.Deny()),
            TableUpdate<AclTable.Key, AclTable.Action>.Insert(backwards, AclTable.Action.Deny())], out error));
        Assert.Contains("Port", error);
        Assert.Equal(1, acl.Count);

        var routes = new Ipv6RouteTable();
        for (int i = 0; i < Ipv6RouteTable.Size; i++)
            Assert.True(routes.TryInsert(new(new Ipv6Prefix(new Ipv6Address(0x2001_0db8_0000_0000UL | (ulong)i << 16, 0), 48)), Ipv6RouteTable.Action.Out(1), out error), error);
        Assert.False(routes.TryInsert(new(Ipv6Prefix.Parse("2001:db9::/32")), Ipv6RouteTable.Action.Out(1), out error));
        Assert.Contains("full", error);
    }

    [Fact]
    public void RulesRefreshTheirTableOncePerBurstInTheWorker()
    {
        var acl = new AclTable();
        using var pool = new BufferPool(1024);
        List<byte[]> frames = SyntheticFrames.Create("dns", 64);

        EngineCounters RunOnce()
        {
            BufferCache cache = pool.CreateCache();
            var port = new MemoryPort(new MemoryRing(256), null, new FrameSource(frames, 1000), cache, MemoryPort.TransmitMode.Drop);
            return new Worker<MemoryPort, AclRules>([port, new MemoryPort(new MemoryRing(256), null, null, cache, MemoryPort.TransmitMode.Drop, 1)],
                new AclRules { Acl = acl.CreateReader(0) }, cache).Run();
        }

        // Empty table: every packet takes the default action.
        Assert.Equal(1000, RunOnce().Dropped);
        var permitAll = new AclTable.Key(0, new Masked<Ipv4Address>(default, default), Ipv4Prefix.Parse("0.0.0.0/0"), new ValueRange<ushort>(0, 65535), null);
        Assert.True(acl.TryInsert(permitAll, AclTable.Action.Permit(1), out string error), error);
        // The reader was made before the insert; the worker's BeginBurst picks the new snapshot up.
        var reader = acl.CreateReader(0);
        Assert.True(acl.TryDelete(permitAll, out error), error);
        Assert.True(acl.TryInsert(permitAll, AclTable.Action.Permit(1), out error), error);
        EngineCounters counters = new Worker<MemoryPort, AclRules>(
            [new MemoryPort(new MemoryRing(256), null, new FrameSource(frames, 1000), pool.CreateCache(), MemoryPort.TransmitMode.Drop),
             new MemoryPort(new MemoryRing(256), null, null, pool.CreateCache(), MemoryPort.TransmitMode.Drop, 1)],
            new AclRules { Acl = reader }, pool.CreateCache()).Run();
        Assert.Equal(1000, counters.TxPackets);
        Assert.Equal(1000, acl.ReadCounters(permitAll).Packets);
    }
}
