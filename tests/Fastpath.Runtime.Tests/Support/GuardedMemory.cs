using System.Runtime.InteropServices;

namespace Fastpath.Tests.Support;

/// <summary>Native memory fenced by inaccessible pages, so a read one byte past either end of a placed input faults the test process.</summary>
/// <remarks>Layout: [guard page][data pages][guard page], from mmap with the guards set PROT_NONE.</remarks>
internal sealed unsafe partial class GuardedMemory : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    private readonly byte* _base;
    private readonly nuint _total;
    private readonly int _page;
    private readonly int _dataBytes;

    public GuardedMemory(int maxLength)
    {
        _page = Environment.SystemPageSize;
        _dataBytes = (maxLength + _page - 1) / _page * _page;
        _total = (nuint)(_dataBytes + 2 * _page);
        void* p = Mmap(null, _total, ProtNone, MapPrivate | MapAnonymous, -1, 0);
        if (p == (void*)-1)
            throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        _base = (byte*)p;
        if (Mprotect(_base + _page, (nuint)_dataBytes, ProtRead | ProtWrite) != 0)
            throw new InvalidOperationException($"mprotect failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Copy <paramref name="data"/> so its last byte is the last readable byte before the trailing guard.</summary>
    public Span<byte> PlaceAtEnd(ReadOnlySpan<byte> data)
    {
        var span = new Span<byte>(_base + _page + _dataBytes - data.Length, data.Length);
        data.CopyTo(span);
        return span;
    }

    /// <summary>Copy <paramref name="data"/> so its first byte is the first readable byte after the leading guard.</summary>
    public Span<byte> PlaceAtStart(ReadOnlySpan<byte> data)
    {
        var span = new Span<byte>(_base + _page, data.Length);
        data.CopyTo(span);
        return span;
    }

    /// <summary>Return whether the guards are really inaccessible, read from /proc/self/maps (so a test cannot pass because mprotect silently did nothing).</summary>
    public bool GuardsAreMapped()
    {
        ulong guardStart = (ulong)_base;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int dash = line.IndexOf('-');
            ulong start = Convert.ToUInt64(line[..dash], 16);
            ulong end = Convert.ToUInt64(line[(dash + 1)..line.IndexOf(' ')], 16);
            if (start <= guardStart && guardStart < end)
                return line.Split(' ')[1].StartsWith("---", StringComparison.Ordinal);
        }
        return false;
    }

    public void Dispose() => Munmap(_base, _total);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* addr, nuint length);
}
