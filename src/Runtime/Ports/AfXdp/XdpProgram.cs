using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Fastpath;

/// <summary>The XDP program on one interface: loaded from its ELF object by libbpf, told what to claim, attached through a BPF link, shared by every af_xdp socket of this process on that interface.</summary>
/// <remarks>
/// <para>
/// Attached with <c>bpf_link_create</c> rather than netlink: the link detaches when its last file
/// descriptor closes, so a crashed process leaves no program behind, and closing it needs no
/// netlink socket in the interface's namespace (the port may be closed from any thread).
/// </para>
/// <para>
/// Sockets of other queues of the same interface join the same program (its XSKMAP is indexed by
/// queue). A second process on the same interface finds the link busy and is told so: one process
/// owns an interface's XDP hook.
/// </para>
/// </remarks>
internal sealed unsafe class XdpProgram
{
    /// <summary>The object's file name, next to the application (copied there by the build from src/Xdp/bin).</summary>
    public const string ObjectFileName = "fastpath_xdp.o";

    /// <summary>The environment variable that names another object file.</summary>
    public const string ObjectVariable = "FASTPATH_XDP_OBJECT";

    private const string ProgramName = "fastpath_xdp";
    private const int VerifierLogBytes = 1 << 20;
    private const int StatPassed = 0;
    private const int StatRedirected = 1;
    private const int StatUnbound = 2;
    private static readonly string[] PinnedMaps = ["fp_xsks", "fp_claims", "fp_stats"];

    private static readonly Dictionary<string, XdpProgram> Attached = new(StringComparer.Ordinal);
    private static readonly Lock RegistryLock = new();
    private static int s_printInstalled;

    [ThreadStatic]
    private static StringBuilder? t_libbpfMessages;

    private readonly string _key;
    private readonly BpfObjectHandle _object;
    private readonly FileDescriptorHandle _link;
    private readonly int _xsksFd;
    private readonly int _claimsFd;
    private readonly int _statsFd;
    private readonly List<string> _pins = [];
    private int _references;

    private XdpProgram(string key, AfXdpOptions options, int interfaceIndex, BpfObjectHandle bpfObject, FileDescriptorHandle link, XdpMode mode, int xsksFd, int claimsFd, int statsFd)
    {
        _key = key;
        Options = options;
        InterfaceIndex = interfaceIndex;
        _object = bpfObject;
        _link = link;
        Mode = mode;
        _xsksFd = xsksFd;
        _claimsFd = claimsFd;
        _statsFd = statsFd;
    }

    /// <summary>Return the options of the port that attached it (claim, mode, object, pin).</summary>
    public AfXdpOptions Options { get; }

    /// <summary>Return the interface index.</summary>
    public int InterfaceIndex { get; }

    /// <summary>Return where the program runs, after any fallback.</summary>
    public XdpMode Mode { get; }

    /// <summary>Return whether the program can count (it has the fp_stats map).</summary>
    public bool HasStatistics => _statsFd >= 0;

    /// <summary>Attach the program to the interface of <paramref name="options"/>, or join the one this process already attached there.</summary>
    /// <exception cref="AfXdpException">The object is missing or refused, the hook is taken, or pinning cannot be done; the message says what to do.</exception>
    public static XdpProgram Acquire(string port, AfXdpOptions options, int interfaceIndex, TextWriter log)
    {
        string key = $"{NetworkNamespace()}/{interfaceIndex}";
        lock (RegistryLock)
        {
            if (Attached.TryGetValue(key, out XdpProgram? existing))
            {
                existing.CheckCompatible(port, options);
                existing._references++;
                return existing;
            }
            XdpProgram program = Load(port, options, interfaceIndex, key, log);
            program._references = 1;
            Attached.Add(key, program);
            return program;
        }
    }

    /// <summary>Take the socket of <paramref name="queue"/> out of the XSKMAP before it closes.</summary>
    /// <remarks>
    /// The map holds a reference to the socket, so without this the socket, and with it the queue's
    /// binding, lives on until the map itself is freed (after an RCU grace period, in a work item):
    /// a port reopened on the queue right after would find it busy. Failure is harmless (no entry).
    /// </remarks>
    public void RemoveSocket(int queue)
    {
        uint key = (uint)queue;
        _ = Libbpf.MapDelete(_xsksFd, &key);
    }

    /// <summary>Put the socket <paramref name="socketFd"/> in the XSKMAP slot of <paramref name="queue"/>, so that claimed frames on that queue reach it.</summary>
    public void AddSocket(string port, int queue, int socketFd)
    {
        uint key = (uint)queue;
        uint value = (uint)socketFd;
        if (Libbpf.MapUpdate(_xsksFd, &key, &value, 0) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new AfXdpException(AfXdpFailure.SocketFailed, $"port '{port}': could not put the socket of queue {queue} into the XSKMAP: {XdpLibc.Describe(errno)}; the queue must be below 256 and the socket bound");
        }
    }

    /// <summary>Return frames the program passed to the kernel, redirected to a socket, and claimed but passed because no socket was on their queue, over all queues and cores.</summary>
    public (long Passed, long Redirected, long Unbound) ReadStatistics()
    {
        if (_statsFd < 0)
            return (0, 0, 0);
        int cpus = Math.Max(1, Libbpf.PossibleCpus());
        Span<ulong> values = cpus <= 512 ? stackalloc ulong[cpus] : new ulong[cpus];
        return ((long)Sum(StatPassed, values), (long)Sum(StatRedirected, values), (long)Sum(StatUnbound, values));
    }

    /// <summary>Drop one port's hold; the last detaches the program, unpins its maps and closes it.</summary>
    public void Release()
    {
        lock (RegistryLock)
        {
            if (--_references > 0)
                return;
            Attached.Remove(_key);
        }
        foreach (string pin in _pins)
            File.Delete(pin);
        if (_pins.Count > 0 && Options.PinPath is { } dir && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            Directory.Delete(dir);
        // Closing the link detaches the program; closing the object frees it and its maps.
        _link.Dispose();
        _object.Dispose();
    }

    /// <summary>Return the object the port loads when no prog= is given: the one named by FASTPATH_XDP_OBJECT, else the one next to the application.</summary>
    public static string DefaultObjectPath() =>
        Environment.GetEnvironmentVariable(ObjectVariable) is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, ObjectFileName);

    private ulong Sum(int stat, Span<ulong> values)
    {
        uint key = (uint)stat;
        values.Clear();
        fixed (ulong* v = values)
        {
            if (Libbpf.MapLookup(_statsFd, &key, v) != 0)
                return 0;
        }
        ulong sum = 0;
        foreach (ulong value in values)
            sum += value;
        return sum;
    }

    private void CheckCompatible(string port, AfXdpOptions options)
    {
        // One program serves the interface, so every port on it must want the same one.
        if (!options.Claim.SameAs(Options.Claim) || options.ProgramPath != Options.ProgramPath || options.Mode != Options.Mode || options.PinPath != Options.PinPath)
            throw new AfXdpException(AfXdpFailure.AttachFailed, $"port '{port}': interface {options.Interface} already runs this process's XDP program with claim={Options.Claim}, mode={Options.Mode.ToString().ToLowerInvariant()}; every queue of one interface shares one program, so give all its ports the same claim, mode, prog and pin");
    }

    private static XdpProgram Load(string port, AfXdpOptions options, int interfaceIndex, string key, TextWriter log)
    {
        if (options.PinPath is { } pinPath)
            CheckBpffs(port, pinPath);
        string path = options.ProgramPath ?? DefaultObjectPath();
        if (!File.Exists(path))
        {
            throw new AfXdpException(AfXdpFailure.ProgramMissing,
                $"port '{port}': the XDP object '{path}' is missing: run scripts/setup.sh (it compiles src/Xdp/fastpath_xdp.c with clang -target bpf) and build again, set {ObjectVariable}, or name one with prog=FILE");
        }
        InstallPrint();
        var messages = new StringBuilder();
        t_libbpfMessages = messages;
        byte* verifierLog = (byte*)NativeMemory.AllocZeroed(VerifierLogBytes);
        BpfObjectHandle? bpfObject = null;
        try
        {
            nint handle;
            // libbpf loads without a log first and, on refusal, loads again with log level 1 into this buffer.
            var open = new Libbpf.OpenOptions { Size = (nuint)sizeof(Libbpf.OpenOptions), KernelLogBuffer = verifierLog, KernelLogSize = VerifierLogBytes };
            try
            {
                handle = Libbpf.ObjectOpenFile(path, &open);
            }
            catch (DllNotFoundException e)
            {
                throw new AfXdpException(AfXdpFailure.LibraryMissing, $"port '{port}': libbpf.so.1 is not installed: apt-get install libbpf1 (scripts/setup.sh installs it)", e);
            }
            if (handle == 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new AfXdpException(AfXdpFailure.ProgramMissing, $"port '{port}': libbpf could not read the XDP object '{path}': {XdpLibc.Describe(errno)}{Details(messages)}");
            }
            bpfObject = new BpfObjectHandle(handle);
            nint program = ChooseProgram(handle, options.ProgramPath is null);
            if (program == 0)
                throw new AfXdpException(AfXdpFailure.ProgramMissing, $"port '{port}': the XDP object '{path}' has no program named {ProgramName} (nor any other)");
            string name = Marshal.PtrToStringUTF8((nint)Libbpf.ProgramName(program)) ?? "?";

            int loaded = Libbpf.ObjectLoad(handle);
            if (loaded < 0)
            {
                string verifier = Marshal.PtrToStringUTF8((nint)verifierLog) ?? "";
                AfXdpFailure reason = -loaded is XdpLibc.EPERM && verifier.Length == 0 ? AfXdpFailure.NotPrivileged : AfXdpFailure.ProgramRefused;
                string what = verifier.Length > 0
                    ? $"the verifier said:\n{Tail(verifier, 60, 6000)}"
                    : $"no verifier log{Details(messages)}";
                throw new AfXdpException(reason, $"port '{port}': the kernel refused XDP program '{name}' from '{path}': {XdpLibc.Describe(-loaded)}; {what}\nFix the program (every packet read needs a bounds check against data_end) or use the built-in one (leave out prog=).");
            }
            int programFd = Libbpf.ProgramFd(program);
            int xsks = MapFd(handle, "fp_xsks");
            if (xsks < 0)
                throw new AfXdpException(AfXdpFailure.ProgramMissing, $"port '{port}': the XDP object '{path}' has no XSKMAP named fp_xsks, through which it must redirect to the sockets (bpf_redirect_map(&fp_xsks, ctx->rx_queue_index, XDP_PASS))");
            int claims = MapFd(handle, "fp_claims");
            int stats = MapFd(handle, "fp_stats");
            if (claims >= 0)
                WriteClaim(port, claims, options.Claim);
            else if (!options.Claim.ClaimsAll)
                log.WriteLine($"{port}: the XDP object has no fp_claims map, so claim={options.Claim} is the program's own business");

            (FileDescriptorHandle link, XdpMode mode) = Attach(port, options, interfaceIndex, programFd, log);
            var result = new XdpProgram(key, options, interfaceIndex, bpfObject, link, mode, xsks, claims, stats);
            if (options.PinPath is { } pin)
                result.Pin(port, pin);
            bpfObject = null;
            return result;
        }
        finally
        {
            t_libbpfMessages = null;
            NativeMemory.Free(verifierLog);
            bpfObject?.Dispose();
        }
    }

    // An object may hold other programs (a user's prog= object): load only the port's.
    private static nint ChooseProgram(nint bpfObject, bool builtIn)
    {
        nint chosen = Libbpf.FindProgram(bpfObject, ProgramName);
        if (chosen == 0 && !builtIn)
            chosen = Libbpf.NextProgram(bpfObject, 0);
        if (chosen == 0)
            return 0;
        for (nint p = Libbpf.NextProgram(bpfObject, 0); p != 0; p = Libbpf.NextProgram(bpfObject, p))
        {
            if (p != chosen)
                Libbpf.ProgramSetAutoload(p, 0);
        }
        return chosen;
    }

    private static int MapFd(nint bpfObject, string name)
    {
        nint map = Libbpf.FindMap(bpfObject, name);
        return map == 0 ? -1 : Libbpf.MapFd(map);
    }

    private static void WriteClaim(string port, int claimsFd, XdpClaim claim)
    {
        byte[] value = new byte[XdpClaim.ValueBytes];
        claim.WriteValue(value);
        uint key = 0;
        fixed (byte* v = value)
        {
            if (Libbpf.MapUpdate(claimsFd, &key, v, 0) != 0)
                throw new AfXdpException(AfXdpFailure.ProgramRefused, $"port '{port}': could not write the claim into the program's fp_claims map: {XdpLibc.Describe(Marshal.GetLastPInvokeError())}; does the object's struct fp_claim match src/Xdp/fastpath_xdp.c?");
        }
    }

    private static (FileDescriptorHandle Link, XdpMode Mode) Attach(string port, AfXdpOptions options, int interfaceIndex, int programFd, TextWriter log)
    {
        XdpMode mode = options.Mode;
        int fd = LinkXdp(programFd, interfaceIndex, mode);
        if (fd < 0 && mode == XdpMode.Native && !Busy(-fd))
        {
            log.WriteLine($"{port}: native XDP refused on {options.Interface} ({XdpLibc.Describe(-fd)}); falling back to generic XDP (every frame becomes an skb before the program sees it: slower)");
            mode = XdpMode.Generic;
            fd = LinkXdp(programFd, interfaceIndex, mode);
        }
        if (fd < 0)
        {
            int errno = -fd;
            if (Busy(errno))
            {
                uint id = 0;
                Libbpf.XdpQueryId(interfaceIndex, 0, &id);
                throw new AfXdpException(AfXdpFailure.AttachFailed,
                    $"port '{port}': {options.Interface} already has an XDP program attached (id {id}), by another process or by ip/xdp-loader: detach it with 'ip link set dev {options.Interface} xdp off' (or stop the process holding it), then open the port again");
            }
            throw new AfXdpException(AfXdpFailure.AttachFailed, $"port '{port}': attaching the XDP program to {options.Interface} in {mode.ToString().ToLowerInvariant()} mode failed: {XdpLibc.Describe(errno)}");
        }
        return (new FileDescriptorHandle(fd), mode);
    }

    private static bool Busy(int errno) => errno is XdpLibc.EBUSY or 17 /* EEXIST */;

    private static int LinkXdp(int programFd, int interfaceIndex, XdpMode mode)
    {
        var linkOptions = new Libbpf.LinkCreateOptions
        {
            Size = (nuint)sizeof(Libbpf.LinkCreateOptions),
            Flags = mode == XdpMode.Native ? Libbpf.XdpFlagsDriverMode : Libbpf.XdpFlagsSkbMode,
        };
        return Libbpf.LinkCreate(programFd, interfaceIndex, Libbpf.AttachXdp, &linkOptions);
    }

    private void Pin(string port, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            foreach (string name in PinnedMaps)
            {
                nint map = Libbpf.FindMap(_object.Object, name);
                if (map == 0)
                    continue;
                string path = Path.Combine(directory, name);
                // A pin left by a process that died: its program is gone with its link, so the pin is stale.
                File.Delete(path);
                int error = Libbpf.MapPin(map, path);
                if (error < 0)
                    throw new AfXdpException(AfXdpFailure.BpffsMissing, $"port '{port}': pinning map {name} at {path} failed: {XdpLibc.Describe(-error)}");
                _pins.Add(path);
            }
        }
        catch
        {
            Release();
            throw;
        }
    }

    // Pinning needs a BPF filesystem; `ip netns exec` mounts a fresh /sys without one, so say how to mount it there.
    private static void CheckBpffs(string port, string directory)
    {
        string? existing = directory;
        while (existing is not null && !Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing);
        existing ??= "/";
        byte* buffer = stackalloc byte[256];
        long type = XdpLibc.StatFs(existing, buffer) == 0 ? *(long*)buffer : 0;
        if (type == XdpLibc.BPF_FS_MAGIC)
            return;
        string root = directory.StartsWith("/sys/fs/bpf", StringComparison.Ordinal) ? "/sys/fs/bpf" : existing;
        throw new AfXdpException(AfXdpFailure.BpffsMissing,
            $"port '{port}': pin={directory} needs a BPF filesystem, and {existing} is not on one: mount it with 'mount -t bpf bpf {root}' (scripts/setup.sh mounts /sys/fs/bpf; under 'ip netns exec', which mounts a fresh /sys, mount it inside that command first), or leave out pin");
    }

    private static string Details(StringBuilder messages) =>
        messages.Length == 0 ? "" : $"; libbpf said: {messages.ToString().Trim()}";

    private static string Tail(string text, int lines, int chars)
    {
        string[] all = text.TrimEnd().Split('\n');
        string tail = string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        return tail.Length > chars ? tail[^chars..] : tail;
    }

    private static string NetworkNamespace() =>
        new FileInfo("/proc/thread-self/ns/net").LinkTarget ?? "net:[?]";

    private static void InstallPrint()
    {
        if (Interlocked.Exchange(ref s_printInstalled, 1) == 0)
            Libbpf.SetPrint(&Print);
    }

    // libbpf's messages (warnings) go to the thread that is opening a port, for its error message,
    // instead of to stderr; a va_list reaches vsnprintf as the pointer the callback was given.
    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, nint arguments)
    {
        const int LevelWarning = 0;
        if (level != LevelWarning || t_libbpfMessages is not { } messages)
            return 0;
        const int Size = 2048;
        byte* text = stackalloc byte[Size];
        int n = XdpLibc.VsnPrintf(text, Size, format, arguments);
        if (n > 0 && messages.Length < 8192)
            messages.Append(Marshal.PtrToStringUTF8((nint)text, Math.Min(n, Size - 1)));
        return 0;
    }
}
