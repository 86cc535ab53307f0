using System.Runtime.InteropServices;

namespace Fastpath;

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
