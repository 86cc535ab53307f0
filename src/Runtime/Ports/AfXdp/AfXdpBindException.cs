namespace Fastpath;

/// <summary>A bind that failed; <see cref="Errno"/> lets the port tell a refused zero-copy from other failures.</summary>
internal sealed class AfXdpBindException(int errno, string message) : Exception(message)
{
    /// <summary>Return the errno of bind().</summary>
    public int Errno { get; } = errno;
}
