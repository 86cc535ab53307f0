namespace Fastpath.Tests.Pcap;

/// <summary>A frame and its capture time, as put into a test capture.</summary>
internal readonly record struct TestFrame(byte[] Data, long TimestampNs)
{
    /// <summary>Return the timestamp as a microsecond file stores it.</summary>
    public long MicrosecondTimestamp => TimestampNs / 1000 * 1000;

    /// <summary>Make <paramref name="count"/> reproducible random frames with increasing timestamps in 2023-2024.</summary>
    public static List<TestFrame> Random(int seed, int count, int minLength = 14, int maxLength = 1514)
    {
        var random = new Random(seed);
        var frames = new List<TestFrame>(count);
        long ts = 1_700_000_000L * 1_000_000_000L + random.NextInt64(1_000_000_000L);
        for (int i = 0; i < count; i++)
        {
            var data = new byte[random.Next(minLength, maxLength + 1)];
            random.NextBytes(data);
            frames.Add(new TestFrame(data, ts));
            ts += random.NextInt64(1, 5_000_000_000L);
        }
        return frames;
    }

    /// <summary>Write the frames with a <see cref="PcapWriter"/>.</summary>
    public static void WritePcap(string path, IEnumerable<TestFrame> frames, bool nanosecond)
    {
        using var writer = new PcapWriter(path, nanosecond);
        foreach (TestFrame f in frames)
            writer.Write(f.Data, f.TimestampNs);
    }

    /// <summary>Read every record of a capture as (bytes, original length, timestamp, interface).</summary>
    public static List<(byte[] Data, int OriginalLength, long TimestampNs, int Interface, PcapLinkType LinkType)> ReadAll(PcapReader reader)
    {
        var records = new List<(byte[], int, long, int, PcapLinkType)>();
        while (reader.TryReadNext(out PcapRecord r))
        {
            Assert.Equal(r.Data.Length, r.CapturedLength);
            records.Add((r.Data.ToArray(), r.OriginalLength, r.TimestampNs, r.InterfaceIndex, r.LinkType));
        }
        return records;
    }
}
