using System.Globalization;
using System.Text.RegularExpressions;

namespace Fastpath;

/// <summary>A <c>dpdk:</c> port spec taken apart: the device, DPDK's EAL arguments (passed through), and Fastpath's own options.</summary>
/// <remarks>
/// <para>The grammar is <c>dpdk:[DEVICE] [EAL ARGUMENTS] [-- OPTIONS]</c>, split on white space:</para>
/// <list type="bullet">
/// <item>DEVICE, a first word that is not an option: a virtual device with its arguments
/// (<c>net_ring0</c>, <c>net_af_packet0,iface=veth0</c>), made as <c>--vdev</c> would, or a PCI
/// address (<c>0000:03:00.0</c>), allowed as <c>-a</c> would. The port is that device.</item>
/// <item>EAL ARGUMENTS go to <c>rte_eal_init</c> as they are (<c>--no-huge -m 512</c>, <c>-l 0</c>,
/// <c>--log-level=debug</c>), except <c>--vdev</c>, whose devices are made after the EAL starts, so
/// that ports named later in the same process can add theirs.</item>
/// <item>OPTIONS after <c>--</c>: <c>port=NAME|ID</c> (which ethdev, when the spec makes several or
/// none), <c>rxd=N</c> and <c>txd=N</c> (ring sizes, default 1024), <c>promisc=on|off</c> (default on).</item>
/// </list>
/// <para>
/// The EAL starts once per process, with the EAL arguments of the first dpdk port (DPDK keeps its
/// state in globals and cannot be started twice). Defaults are added for what the user did not say:
/// <c>--in-memory</c> (no files in /var/run/dpdk, so several processes can run side by side), or with
/// <c>--no-huge</c> its equivalent <c>--no-shconf</c> (DPDK refuses <c>--in-memory</c> without
/// hugepages) and <c>-m 512</c>; <c>--no-pci</c> unless a PCI device is named; <c>--no-telemetry</c>.
/// </para>
/// </remarks>
public sealed partial record DpdkArguments
{
    /// <summary>The default number of descriptors in each rx and tx ring.</summary>
    public const ushort DefaultRingSize = 1024;

    /// <summary>The options that may follow <c>--</c>.</summary>
    public static readonly IReadOnlyList<string> OptionNames = ["port", "rxd", "txd", "promisc"];

    /// <summary>Return the device word, when the spec starts with one.</summary>
    public string? Device { get; init; }

    /// <summary>Return the virtual devices to make (the device word's and each <c>--vdev</c>'s), each as <c>name[,args]</c>.</summary>
    public IReadOnlyList<string> VirtualDevices { get; init; } = [];

    /// <summary>Return the EAL arguments the user gave, less <c>--vdev</c>s and defaults: what must agree across a process's dpdk ports.</summary>
    public IReadOnlyList<string> Eal { get; init; } = [];

    /// <summary>Return the ethdev to open (a name or a port id), or null to take the only one there is.</summary>
    public string? Port { get; init; }

    /// <summary>Return the rx ring size asked for.</summary>
    public ushort RxDescriptors { get; init; } = DefaultRingSize;

    /// <summary>Return the tx ring size asked for.</summary>
    public ushort TxDescriptors { get; init; } = DefaultRingSize;

    /// <summary>Return whether to turn promiscuous mode on (so the port sees frames for any MAC, as testpmd does).</summary>
    public bool Promiscuous { get; init; } = true;

    /// <summary>Take apart the arguments of <paramref name="spec"/>; throws <see cref="ArgumentException"/> saying what is wrong and what is accepted.</summary>
    public static DpdkArguments Parse(PortSpec spec)
    {
        string[] words = spec.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw new ArgumentException($"port '{spec}': name a device (dpdk:net_ring0, dpdk:net_af_packet0,iface=eth0) or EAL arguments (dpdk:--vdev=net_null0 --no-huge -m 512)");
        int end = Array.IndexOf(words, "--");
        string[] eal = end < 0 ? words : words[..end];
        string[] options = end < 0 ? [] : words[(end + 1)..];

        string? device = null;
        string? port = null;
        var vdevs = new List<string>();
        var rest = new List<string>();
        int start = 0;
        if (eal.Length > 0 && !eal[0].StartsWith('-'))
        {
            device = eal[0];
            start = 1;
            if (PciAddress().IsMatch(device))
            {
                rest.Add("-a");
                rest.Add(device);
            }
            else if (VdevName().IsMatch(device))
            {
                vdevs.Add(device);
            }
            else
            {
                throw new ArgumentException($"port '{spec}': '{device}' is neither a virtual device (net_ring0, net_null0, net_pcap0,rx_pcap=in.pcap; for a kernel interface net_af_packet0,iface={device}) nor a PCI address (0000:03:00.0); EAL arguments start with '-'");
            }
            port = DeviceName(device);
        }
        for (int i = start; i < eal.Length; i++)
        {
            string word = eal[i];
            if (word == "--vdev")
            {
                if (i + 1 >= eal.Length)
                    throw new ArgumentException($"port '{spec}': --vdev needs a device, as in --vdev=net_null0");
                vdevs.Add(eal[++i]);
            }
            else if (word.StartsWith("--vdev=", StringComparison.Ordinal))
            {
                vdevs.Add(word["--vdev=".Length..]);
            }
            else
            {
                rest.Add(word);
            }
        }
        foreach (string vdev in vdevs)
        {
            if (!VdevName().IsMatch(vdev))
                throw new ArgumentException($"port '{spec}': virtual device '{vdev}' must be a driver name and number with optional arguments, as in net_ring0 or net_af_packet0,iface=eth0");
        }

        ushort rxd = DefaultRingSize, txd = DefaultRingSize;
        bool promiscuous = true;
        foreach (string option in options.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            int eq = option.IndexOf('=');
            string key = eq < 0 ? option : option[..eq];
            string value = eq < 0 ? "" : option[(eq + 1)..];
            switch (key)
            {
                case "port" when value.Length > 0:
                    port = value;
                    break;
                case "rxd":
                    rxd = RingSize(spec, key, value);
                    break;
                case "txd":
                    txd = RingSize(spec, key, value);
                    break;
                case "promisc" when value is "on" or "off":
                    promiscuous = value == "on";
                    break;
                default:
                    throw new ArgumentException($"port '{spec}': option '{option}' is unknown; after '--' dpdk ports take port=NAME|ID, rxd=N, txd=N, promisc=on|off");
            }
        }
        if (port is null && vdevs.Count == 1)
            port = DeviceName(vdevs[0]);
        return new DpdkArguments
        {
            Device = device,
            VirtualDevices = vdevs,
            Eal = rest,
            Port = port,
            RxDescriptors = rxd,
            TxDescriptors = txd,
            Promiscuous = promiscuous,
        };
    }

    /// <summary>Return the argument vector for <c>rte_eal_init</c> (program name first): the user's EAL arguments plus the defaults they left out.</summary>
    public IReadOnlyList<string> EalArgumentsWithDefaults()
    {
        var argv = new List<string> { "fastpath" };
        argv.AddRange(Eal);
        bool noHuge = Has("--no-huge");
        bool sharedConfigChosen = Has("--in-memory") || Has("--no-shconf") || Has("--file-prefix") || Has("--proc-type");
        if (!sharedConfigChosen)
            argv.Add(noHuge ? "--no-shconf" : "--in-memory");
        if (noHuge && !Has("-m") && !Has("--socket-mem"))
            argv.AddRange(["-m", "512"]);
        if (!Has("--no-pci") && !Has("-a") && !Has("--allow") && !Has("-b") && !Has("--block"))
            argv.Add("--no-pci");
        if (!Has("--telemetry") && !Has("--no-telemetry"))
            argv.Add("--no-telemetry");
        return argv;
    }

    /// <summary>Return whether the user's EAL arguments include <paramref name="option"/> (alone, with <c>=value</c>, or a short option with its value attached).</summary>
    public bool Has(string option) => Eal.Any(word =>
        word == option
        || word.StartsWith(option + "=", StringComparison.Ordinal)
        || (option.Length == 2 && option[0] == '-' && option[1] != '-' && word.StartsWith(option, StringComparison.Ordinal) && !word.StartsWith("--", StringComparison.Ordinal)));

    /// <summary>Return the device name of <c>name[,args]</c>: what the ethdev is called.</summary>
    public static string DeviceName(string device)
    {
        int comma = device.IndexOf(',');
        return comma < 0 ? device : device[..comma];
    }

    private static ushort RingSize(PortSpec spec, string key, string value)
    {
        if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ushort size) || size is < 32 or > 32768)
            throw new ArgumentException($"port '{spec}': {key}='{value}' is not a ring size between 32 and 32768");
        return size;
    }

    // DPDK's virtual device drivers are named class_driver (net_ring, net_af_packet, crypto_null).
    [GeneratedRegex(@"^[a-z][a-z0-9]*_[a-z0-9_]*[0-9]+(,.*)?$")]
    private static partial Regex VdevName();

    [GeneratedRegex(@"^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$")]
    private static partial Regex PciAddress();
}
