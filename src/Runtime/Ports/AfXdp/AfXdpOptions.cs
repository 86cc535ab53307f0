namespace Fastpath;

/// <summary>The options of an <c>af_xdp:IFNAME,…</c> port, checked.</summary>
/// <param name="Interface">The network interface.</param>
/// <param name="Queue">The receive/transmit queue the socket binds to.</param>
/// <param name="Mode">Where the XDP program runs: in the driver (native) or on the skb (generic).</param>
/// <param name="ZeroCopy">Whether to ask for a zero-copy bind first (falling back to copy when the driver refuses).</param>
/// <param name="RingSize">Entries of the rx, tx and completion rings.</param>
/// <param name="Frames">How many buffers the port keeps posted on the fill ring for the kernel to receive into (0: the default, from the ring and the pool).</param>
/// <param name="Claim">The traffic the XDP program redirects to the socket; the rest goes to the kernel.</param>
/// <param name="ProgramPath">The XDP object to load instead of the built-in one, or null.</param>
/// <param name="PinPath">The bpffs directory to pin the program's maps in, or null for no pinning.</param>
public sealed record AfXdpOptions(
    string Interface,
    int Queue,
    XdpMode Mode,
    bool ZeroCopy,
    int RingSize,
    int Frames,
    XdpClaim Claim,
    string? ProgramPath,
    string? PinPath)
{
    /// <summary>The default ring size: 4096 entries, about a millisecond of traffic at a few Mpps, to ride out the worker being scheduled away.</summary>
    public const int DefaultRingSize = 4096;

    /// <summary>The default bpffs directory under which pinned maps go, one folder per interface.</summary>
    public const string DefaultPinRoot = "/sys/fs/bpf/fastpath";

    private static readonly string[] Known = ["queue", "mode", "bind", "ring", "frames", "claim", "prog", "pin"];

    /// <summary>Parse <c>IFNAME[,queue=N][,mode=native|generic][,bind=zerocopy|copy][,ring=N][,frames=N][,claim=…][,prog=FILE][,pin[=DIR]]</c>.</summary>
    /// <exception cref="ArgumentException">An option is unknown or malformed; the message names the port and what is accepted.</exception>
    public static AfXdpOptions Parse(PortSpec spec)
    {
        string[] parts = spec.Arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts[0].Contains('='))
            throw new ArgumentException($"port '{spec}': expected af_xdp:IFNAME[,queue=N][,mode=native|generic][,bind=zerocopy|copy][,claim=udp:53]; name the interface first (ip link lists them)");
        string name = parts[0];
        if (name.Length > 15)
            throw new ArgumentException($"port '{spec}': interface name '{name}' is longer than 15 characters, the kernel's limit (IFNAMSIZ)");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in parts.AsSpan(1))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            if (!Known.Contains(key))
                throw new ArgumentException($"port '{spec}': unknown option '{key}'; af_xdp ports take {string.Join(", ", Known)}");
            options[key] = eq < 0 ? "" : part[(eq + 1)..];
        }

        int queue = Number(spec, options, "queue", 0, 0, 255);
        XdpMode mode = options.GetValueOrDefault("mode", "native") switch
        {
            "native" or "drv" => XdpMode.Native,
            "generic" or "skb" => XdpMode.Generic,
            string other => throw new ArgumentException($"port '{spec}': mode '{other}' is not native or generic"),
        };
        bool zeroCopy = options.GetValueOrDefault("bind", "zerocopy") switch
        {
            "zerocopy" or "zc" => true,
            "copy" => false,
            string other => throw new ArgumentException($"port '{spec}': bind '{other}' is not zerocopy or copy"),
        };
        int ring = Number(spec, options, "ring", DefaultRingSize, 64, 1 << 16);
        if ((ring & (ring - 1)) != 0)
            throw new ArgumentException($"port '{spec}': ring {ring} is not a power of two (the kernel's rings are)");
        int frames = Number(spec, options, "frames", 0, 64, 1 << 20);
        XdpClaim claim = XdpClaim.Everything;
        if (options.TryGetValue("claim", out string? claimText))
        {
            if (!XdpClaim.TryParse(claimText, out XdpClaim? parsed, out string? error))
                throw new ArgumentException($"port '{spec}': {error}");
            claim = parsed!;
        }
        string? program = null;
        if (options.TryGetValue("prog", out string? programText))
        {
            if (programText.Length == 0 || !File.Exists(programText))
                throw new ArgumentException($"port '{spec}': XDP object '{programText}' not found");
            program = Path.GetFullPath(programText);
        }
        string? pin = null;
        if (options.TryGetValue("pin", out string? pinText))
            pin = pinText.Length == 0 ? $"{DefaultPinRoot}/{name}" : Path.GetFullPath(pinText);
        return new AfXdpOptions(name, queue, mode, zeroCopy, ring, frames, claim, program, pin);
    }

    private static int Number(PortSpec spec, Dictionary<string, string> options, string key, int fallback, int min, int max)
    {
        if (!options.TryGetValue(key, out string? text))
            return fallback;
        if (!int.TryParse(text, out int value) || value < min || value > max)
            throw new ArgumentException($"port '{spec}': {key} '{text}' is not a number from {min} to {max}");
        return value;
    }
}
