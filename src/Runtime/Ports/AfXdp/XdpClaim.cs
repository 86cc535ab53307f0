namespace Fastpath;

/// <summary>What traffic an af_xdp port takes from the kernel: its XDP program redirects these frames to the socket and passes all others to the kernel (the slow path).</summary>
/// <remarks>
/// Written as <c>claim=</c> items joined by <c>+</c>: <c>all</c> (every frame: an L2 forwarder),
/// <c>udp</c>, <c>tcp</c> (every datagram or segment over IPv4 or IPv6), <c>udp:53</c>,
/// <c>udp:5000-5099</c>, <c>tcp:80</c> (by destination port), <c>arp</c>, <c>icmp</c>, <c>icmp6</c>
/// (the application answers them itself; ICMPv6 includes neighbour discovery). IP fragments and
/// IPv6 extension headers always go to the kernel, which reassembles them. Mirrors
/// <c>struct fp_claim</c> in src/Xdp/fastpath_xdp.c.
/// </remarks>
public sealed class XdpClaim
{
    /// <summary>The claims understood, for messages.</summary>
    public const string Accepted = "all, udp, tcp, udp:PORT, udp:LOW-HIGH, tcp:PORT, tcp:LOW-HIGH, arp, icmp, icmp6, joined by + (claim=udp:53+arp)";

    internal const uint All = 1 << 0;
    internal const uint AnyUdp = 1 << 1;
    internal const uint AnyTcp = 1 << 2;
    internal const uint Arp = 1 << 3;
    internal const uint Icmp = 1 << 4;
    internal const uint Icmp6 = 1 << 5;

    // struct fp_claim: flags, reserved, then a bitmap of UDP and one of TCP destination ports.
    internal const int BitmapBytes = 65536 / 8;
    internal const int ValueBytes = 8 + 2 * BitmapBytes;

    private readonly byte[] _udpPorts = new byte[BitmapBytes];
    private readonly byte[] _tcpPorts = new byte[BitmapBytes];

    private XdpClaim(string text) => Text = text;

    /// <summary>Return the claim as it was written.</summary>
    public string Text { get; }

    /// <summary>Return the flags word of the map value.</summary>
    internal uint Flags { get; private set; }

    /// <summary>Return whether every frame is claimed, so that nothing reaches the kernel.</summary>
    public bool ClaimsAll => (Flags & All) != 0;

    /// <summary>The claim of every frame.</summary>
    public static XdpClaim Everything => Parse("all");

    /// <summary>Parse <paramref name="text"/>; on failure <paramref name="error"/> says which item is wrong and what is accepted.</summary>
    public static bool TryParse(string text, out XdpClaim? claim, out string? error)
    {
        claim = null;
        error = null;
        var result = new XdpClaim(text);
        string[] items = text.Split('+', StringSplitOptions.TrimEntries);
        foreach (string item in items)
        {
            string lower = item.ToLowerInvariant();
            switch (lower)
            {
                case "all": result.Flags |= All; continue;
                case "udp": result.Flags |= AnyUdp; continue;
                case "tcp": result.Flags |= AnyTcp; continue;
                case "arp": result.Flags |= Arp; continue;
                case "icmp": result.Flags |= Icmp; continue;
                case "icmp6": result.Flags |= Icmp6; continue;
            }
            int colon = lower.IndexOf(':');
            string protocol = colon < 0 ? lower : lower[..colon];
            if (colon < 0 || (protocol != "udp" && protocol != "tcp"))
            {
                error = $"claim '{item}' is not known; claims are {Accepted}";
                return false;
            }
            if (!TryParseRange(lower[(colon + 1)..], out int low, out int high))
            {
                error = $"claim '{item}': '{lower[(colon + 1)..]}' is not a port (0-65535) or a range LOW-HIGH";
                return false;
            }
            byte[] bitmap = protocol == "udp" ? result._udpPorts : result._tcpPorts;
            for (int port = low; port <= high; port++)
                bitmap[port >> 3] |= (byte)(1 << (port & 7));
        }
        claim = result;
        return true;
    }

    /// <summary>Parse <paramref name="text"/>, or throw an <see cref="ArgumentException"/> that says what is accepted.</summary>
    public static XdpClaim Parse(string text) =>
        TryParse(text, out XdpClaim? claim, out string? error) ? claim! : throw new ArgumentException(error);

    /// <summary>Return whether UDP destination port <paramref name="port"/> is claimed (by port or by <c>udp</c>).</summary>
    public bool ClaimsUdpPort(int port) => (Flags & (All | AnyUdp)) != 0 || (_udpPorts[port >> 3] & (1 << (port & 7))) != 0;

    /// <summary>Return whether this claim and <paramref name="other"/> take the same traffic.</summary>
    public bool SameAs(XdpClaim other) =>
        Flags == other.Flags && _udpPorts.AsSpan().SequenceEqual(other._udpPorts) && _tcpPorts.AsSpan().SequenceEqual(other._tcpPorts);

    /// <summary>Write the map value (<c>struct fp_claim</c>) into <paramref name="value"/>, <see cref="ValueBytes"/> long.</summary>
    internal void WriteValue(Span<byte> value)
    {
        value.Clear();
        // Host byte order: the program reads the word as a plain __u32.
        System.Runtime.InteropServices.MemoryMarshal.Write(value, Flags);
        _udpPorts.CopyTo(value[8..]);
        _tcpPorts.CopyTo(value[(8 + BitmapBytes)..]);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static bool TryParseRange(string text, out int low, out int high)
    {
        int dash = text.IndexOf('-');
        if (dash < 0)
        {
            bool ok = int.TryParse(text, out low) && low is >= 0 and <= 65535;
            high = low;
            return ok;
        }
        high = 0;
        return int.TryParse(text[..dash], out low) && int.TryParse(text[(dash + 1)..], out high)
            && low is >= 0 and <= 65535 && high is >= 0 and <= 65535 && low <= high;
    }
}
