using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>The libbpf 1.x calls (Debian's <c>libbpf1</c>) that load the port's XDP object, fill its maps and attach it.</summary>
/// <remarks>
/// libbpf rather than raw <c>bpf(2)</c>: the object is an ELF file with BTF map definitions and
/// relocations that libbpf already knows how to apply, and on refusal it hands back the verifier's
/// log (through <see cref="OpenOptions.KernelLogBuffer"/>), which is what the error message needs.
/// libxdp is not used: its multi-program dispatcher needs bpffs even where nothing is pinned, and
/// its AF_XDP helpers are inline functions the port could not call anyway.
/// Every call returns a negative errno (or null with errno set), per libbpf 1.0's error convention.
/// </remarks>
internal static unsafe partial class Libbpf
{
    private const string Library = "libbpf.so.1";

    /// <summary><c>BPF_XDP</c> of <c>enum bpf_attach_type</c>.</summary>
    public const int AttachXdp = 37;

    /// <summary><c>XDP_FLAGS_SKB_MODE</c>: generic XDP, run on the skb after the driver built it.</summary>
    public const uint XdpFlagsSkbMode = 1 << 1;

    /// <summary><c>XDP_FLAGS_DRV_MODE</c>: native XDP, run by the driver before any skb exists.</summary>
    public const uint XdpFlagsDriverMode = 1 << 2;

    /// <summary><c>struct bpf_object_open_opts</c> as of libbpf 1.1 (80 bytes; <c>sz</c> tells libbpf which fields exist).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 80)]
    public struct OpenOptions
    {
        [FieldOffset(0)] public nuint Size;
        [FieldOffset(8)] public byte* ObjectName;
        [FieldOffset(56)] public byte* KernelLogBuffer;
        [FieldOffset(64)] public nuint KernelLogSize;
        [FieldOffset(72)] public uint KernelLogLevel;
    }

    /// <summary>The head of <c>struct bpf_link_create_opts</c>: its size and the XDP flags (the rest stays zero, so libbpf is told only 16 bytes exist).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LinkCreateOptions
    {
        public nuint Size;
        public uint Flags;
        public uint Padding;
    }

    [LibraryImport(Library, EntryPoint = "bpf_object__open_file", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ObjectOpenFile(string path, OpenOptions* options);

    [LibraryImport(Library, EntryPoint = "bpf_object__load")]
    public static partial int ObjectLoad(nint bpfObject);

    [LibraryImport(Library, EntryPoint = "bpf_object__close")]
    public static partial void ObjectClose(nint bpfObject);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_program_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindProgram(nint bpfObject, string name);

    [LibraryImport(Library, EntryPoint = "bpf_object__next_program")]
    public static partial nint NextProgram(nint bpfObject, nint previous);

    [LibraryImport(Library, EntryPoint = "bpf_program__name")]
    public static partial byte* ProgramName(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__set_autoload")]
    public static partial int ProgramSetAutoload(nint program, byte autoload);

    [LibraryImport(Library, EntryPoint = "bpf_program__fd")]
    public static partial int ProgramFd(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindMap(nint bpfObject, string name);

    [LibraryImport(Library, EntryPoint = "bpf_map__fd")]
    public static partial int MapFd(nint map);

    [LibraryImport(Library, EntryPoint = "bpf_map__pin", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MapPin(nint map, string path);

    [LibraryImport(Library, EntryPoint = "bpf_map_update_elem", SetLastError = true)]
    public static partial int MapUpdate(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Library, EntryPoint = "bpf_map_delete_elem", SetLastError = true)]
    public static partial int MapDelete(int fd, void* key);

    [LibraryImport(Library, EntryPoint = "bpf_map_lookup_elem", SetLastError = true)]
    public static partial int MapLookup(int fd, void* key, void* value);

    [LibraryImport(Library, EntryPoint = "bpf_link_create", SetLastError = true)]
    public static partial int LinkCreate(int programFd, int targetFd, int attachType, LinkCreateOptions* options);

    [LibraryImport(Library, EntryPoint = "bpf_xdp_query_id")]
    public static partial int XdpQueryId(int interfaceIndex, int flags, uint* programId);

    [LibraryImport(Library, EntryPoint = "libbpf_num_possible_cpus")]
    public static partial int PossibleCpus();

    [LibraryImport(Library, EntryPoint = "libbpf_set_print")]
    public static partial nint SetPrint(delegate* unmanaged<int, byte*, nint, int> print);
}
