using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>One ring's <c>mmap</c> of an AF_XDP socket, unmapped on release.</summary>
internal sealed unsafe class RingMappingHandle : SafeHandle
{
    private readonly nuint _length;

    /// <summary>Take ownership of the mapping at <paramref name="address"/>, <paramref name="length"/> bytes.</summary>
    public RingMappingHandle(void* address, nuint length)
        : base(-1, ownsHandle: true)
    {
        _length = length;
        SetHandle((nint)address);
    }

    /// <summary>Return the start of the mapping.</summary>
    public byte* Address => (byte*)handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1 || handle == 0;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => XdpLibc.Munmap((void*)handle, _length) == 0;
}
