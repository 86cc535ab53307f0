using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>A file descriptor the af_xdp port owns (its AF_XDP socket, its XDP link), closed once on release.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    /// <summary>Take ownership of <paramref name="fd"/>.</summary>
    public FileDescriptorHandle(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    /// <summary>Return the descriptor number.</summary>
    public int Fd => (int)handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => XdpLibc.Close((int)handle) == 0;
}

/// <summary>A libbpf <c>struct bpf_object</c> (the loaded program and its maps), closed with <c>bpf_object__close</c>.</summary>
internal sealed class BpfObjectHandle : SafeHandle
{
    /// <summary>Take ownership of <paramref name="bpfObject"/>.</summary>
    public BpfObjectHandle(nint bpfObject)
        : base(0, ownsHandle: true) => SetHandle(bpfObject);

    /// <summary>Return the object pointer.</summary>
    public nint Object => handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Libbpf.ObjectClose(handle);
        return true;
    }
}

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
