using System.Runtime.InteropServices;

namespace Fastpath.Linux;

/// <summary>A region of a socket mapped with <c>mmap</c> (an AF_PACKET ring), unmapped once when released.</summary>
internal sealed unsafe class RingMappingHandle : SafeHandle
{
    private readonly nuint _length;

    /// <summary>Take ownership of the mapping at <paramref name="address"/> of <paramref name="length"/> bytes.</summary>
    public RingMappingHandle(void* address, nuint length)
        : base(-1, ownsHandle: true)
    {
        SetHandle((nint)address);
        _length = length;
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1 || handle == 0;

    /// <summary>Return the first mapped byte.</summary>
    public byte* Address => (byte*)handle;

    /// <summary>Return the mapped length in bytes.</summary>
    public nuint Length => _length;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => KernelSockets.munmap((void*)handle, _length) == 0;
}
