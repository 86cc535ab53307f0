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
