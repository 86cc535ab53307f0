using System.Runtime.InteropServices;

namespace Fastpath.Linux;

/// <summary>A socket file descriptor, closed once when the last user lets go of it.</summary>
internal sealed class KernelSocketHandle : SafeHandle
{
    /// <summary>Create an empty handle (for the marshaller).</summary>
    public KernelSocketHandle()
        : base(-1, ownsHandle: true)
    {
    }

    /// <summary>Take ownership of <paramref name="fd"/>.</summary>
    public KernelSocketHandle(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc/>
    public override bool IsInvalid => handle < 0;

    /// <summary>Return the descriptor for the hot-path calls that take it raw.</summary>
    public int Fd => (int)handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => KernelSockets.close((int)handle) == 0;
}
