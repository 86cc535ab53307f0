using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Fastpath;

/// <summary>DPDK's Environment Abstraction Layer, started once per process, and the checks that turn its usual failures into messages saying what to do.</summary>
/// <remarks>
/// DPDK keeps the EAL in process globals and <c>rte_eal_init</c> cannot run twice, so the first dpdk
/// port (or pool) of a process starts it with its EAL arguments; later ports must give the same
/// arguments or none, and add their devices with <c>rte_vdev_init</c>. A failed start is remembered
/// and reported again rather than retried (DPDK may have half set itself up).
/// </remarks>
public static unsafe class DpdkEal
{
    private static readonly Lock s_lock = new();
    private static IReadOnlyList<string>? s_arguments;
    private static string? s_failure;
    private static readonly HashSet<ushort> s_open = [];
    private static readonly HashSet<string> s_created = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static bool t_registered;

    /// <summary>Return whether the EAL has started in this process.</summary>
    public static bool IsInitialized
    {
        get
        {
            lock (s_lock)
                return s_arguments is not null;
        }
    }

    /// <summary>Return the argument vector the EAL started with, or null before it has.</summary>
    public static IReadOnlyList<string>? Arguments { get; private set; }

    /// <summary>Start the EAL with the arguments of <paramref name="arguments"/> unless it runs already, in which case check that they agree.</summary>
    /// <exception cref="ArgumentException">The EAL runs already with other arguments.</exception>
    /// <exception cref="InvalidOperationException">Not root, no hugepages, the shim is not built, or DPDK refused to start; the message says which and what to do.</exception>
    public static void Initialize(PortSpec spec, DpdkArguments arguments)
    {
        lock (s_lock)
        {
            if (s_arguments is not null)
            {
                if (arguments.Eal.Count > 0 && !arguments.Eal.SequenceEqual(s_arguments))
                {
                    throw new ArgumentException(
                        $"port '{spec}': DPDK's EAL already runs in this process with '{string.Join(' ', s_arguments)}' and starts only once; " +
                        "give every dpdk port the same EAL arguments, or none after the first");
                }
                return;
            }
            if (s_failure is not null)
                throw new InvalidOperationException($"port '{spec}': DPDK's EAL failed to start earlier in this process and cannot be started again: {s_failure}");
            if (CheckPrivileges(Environment.IsPrivilegedProcess) is { } privileges)
                throw new InvalidOperationException($"port '{spec}': {privileges}");
            IReadOnlyList<string> argv = arguments.EalArgumentsWithDefaults();
            if (CheckHugepages(argv, ReadOrEmpty("/proc/meminfo"), ReadOrEmpty("/proc/mounts")) is { } hugepages)
                throw new InvalidOperationException($"port '{spec}': {hugepages}");
            LoadLibrary(spec);
            int rc = Start(argv);
            if (rc != 0)
            {
                s_failure = $"rte_eal_init({string.Join(' ', argv.Skip(1))}) failed: {ErrorText(rc)}";
                throw new InvalidOperationException($"port '{spec}': DPDK's EAL failed to start: {ErrorText(rc)}. EAL arguments: {string.Join(' ', argv.Skip(1))}");
            }
            s_arguments = arguments.Eal;
            Arguments = argv;
        }
    }

    /// <summary>Return why this process may not start DPDK, or null: DPDK maps hugepages and opens devices and raw sockets, which needs root.</summary>
    public static string? CheckPrivileges(bool isRoot) => isRoot
        ? null
        : "dpdk ports need root (DPDK maps hugepages, opens devices and raw sockets): run as root, e.g. with sudo";

    /// <summary>Return why DPDK would find no memory with <paramref name="argv"/>, given the text of /proc/meminfo and /proc/mounts, or null when it will.</summary>
    /// <remarks>Checked before <c>rte_eal_init</c> because its own failure ("Cannot get hugepage information", "Permission denied") does not say what to do.</remarks>
    public static string? CheckHugepages(IReadOnlyList<string> argv, string meminfo, string mounts)
    {
        if (argv.Contains("--no-huge"))
            return null;
        const string fix = "reserve some with 'echo 512 > /proc/sys/vm/nr_hugepages' and 'mount -t hugetlbfs nodev /dev/hugepages' (scripts/setup.sh does both), " +
            "or run without them: add '--no-huge -m 512' to the port's EAL arguments (dpdk:net_ring0 --no-huge -m 512)";
        long free = MeminfoValue(meminfo, "HugePages_Free");
        if (free <= 0)
            return $"no free hugepages (HugePages_Free is {Math.Max(free, 0)} in /proc/meminfo): {fix}";
        // --in-memory backs memory with memfd and needs no mount; the shared-file modes need hugetlbfs mounted.
        bool inMemory = argv.Contains("--in-memory");
        if (!inMemory && !mounts.Split('\n').Any(line => line.Split(' ') is [_, _, "hugetlbfs", ..]))
            return $"no hugetlbfs is mounted, which DPDK needs without --in-memory: {fix}";
        return null;
    }

    /// <summary>Give the calling thread an lcore id once, so that mempool per-lcore caches serve it (the worker's poll thread is not one of the EAL's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RegisterThread()
    {
        if (!t_registered)
            RegisterThreadSlow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterThreadSlow()
    {
        // A thread that cannot get an lcore id (all RTE_MAX_LCORE taken) still works: its mempool
        // operations go to the shared ring instead of a per-lcore cache. So the result is not checked.
        DpdkNative.ThreadRegister();
        t_registered = true;
    }

    /// <summary>Return DPDK's text for an error code from the shim, with the last lines DPDK logged (they carry the reason).</summary>
    internal static string ErrorText(int error)
    {
        string text = Marshal.PtrToStringUTF8((nint)DpdkNative.StrError(error)) ?? $"error {error}";
        string log = LogTail().Trim();
        if (log.Length == 0)
            return text;
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return $"{text} (DPDK said: {string.Join(" | ", lines.TakeLast(4))})";
    }

    /// <summary>Return what DPDK logged since <see cref="ClearLog"/>.</summary>
    internal static string LogTail()
    {
        const int size = 4096;
        byte* text = stackalloc byte[size];
        int n = DpdkNative.LogTail(text, size);
        return Encoding.UTF8.GetString(text, n);
    }

    /// <summary>Forget DPDK's log so far, so that an error reports only what the failing call logged.</summary>
    internal static void ClearLog() => DpdkNative.LogClear();

    /// <summary>Claim ethdev <paramref name="port"/> for one port object; false when another has it.</summary>
    internal static bool TryClaim(ushort port)
    {
        lock (s_lock)
            return s_open.Add(port);
    }

    /// <summary>Give ethdev <paramref name="port"/> back.</summary>
    internal static void Release(ushort port)
    {
        lock (s_lock)
            s_open.Remove(port);
    }

    /// <summary>Make the virtual device <paramref name="device"/> (<c>name[,args]</c>) unless an ethdev of that name exists; returns whether this call made it.</summary>
    internal static bool EnsureDevice(PortSpec spec, string device)
    {
        string name = DpdkArguments.DeviceName(device);
        lock (s_lock)
        {
            if (DpdkNative.PortByName(name, out _) == 0)
                return false;
            string args = device.Length > name.Length ? device[(name.Length + 1)..] : "";
            ClearLog();
            int rc = DpdkNative.VdevCreate(name, args);
            if (rc != 0)
                throw new InvalidOperationException($"port '{spec}': DPDK could not create device '{device}': {ErrorText(rc)}{InterfaceHint(args)}");
            s_created.Add(name);
            return true;
        }
    }

    /// <summary>Remove a virtual device this process made, so that a later port can make it again.</summary>
    internal static void RemoveDevice(string name)
    {
        lock (s_lock)
        {
            if (s_created.Remove(name))
                DpdkNative.VdevRemove(name);
        }
    }

    /// <summary>Return whether this process made the virtual device <paramref name="name"/>.</summary>
    internal static bool Created(string name)
    {
        lock (s_lock)
            return s_created.Contains(name);
    }

    // net_af_packet, net_af_xdp and net_pcap name a kernel interface with iface=; when it is missing, say so plainly.
    private static string InterfaceHint(string args)
    {
        foreach (string pair in args.Split(','))
        {
            if (pair.StartsWith("iface=", StringComparison.Ordinal) && pair.Length > 6 && !Directory.Exists(Path.Combine("/sys/class/net", pair[6..])))
                return $". Interface '{pair[6..]}' does not exist in this network namespace ('ip link' lists those that do; run inside 'ip netns exec NS' for one in a namespace)";
        }
        return "";
    }

    private static int Start(IReadOnlyList<string> argv)
    {
        // Never freed: DPDK may keep pointers into argv for the life of the process.
        var pointers = (byte**)NativeMemory.Alloc((nuint)(argv.Count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < argv.Count; i++)
            pointers[i] = (byte*)Marshal.StringToCoTaskMemUTF8(argv[i]);
        pointers[argv.Count] = null;
        return DpdkNative.EalInit(argv.Count, pointers);
    }

    private static void LoadLibrary(PortSpec spec)
    {
        try
        {
            NativeLibrary.Load(DpdkNative.Library, typeof(DpdkEal).Assembly, null);
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                $"port '{spec}': lib{DpdkNative.Library}.so, Fastpath's shim over DPDK, could not be loaded: build it with scripts/setup.sh " +
                $"(installs libdpdk-dev and runs make in src/Native), then rebuild so it is copied beside the program. Loader said: {e.Message}", e);
        }
    }

    private static long MeminfoValue(string meminfo, string key)
    {
        foreach (string line in meminfo.Split('\n'))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal)
                && long.TryParse(line[(key.Length + 1)..].Trim().Split(' ')[0], out long value))
            {
                return value;
            }
        }
        return 0;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
