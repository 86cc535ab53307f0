namespace Fastpath;

/// <summary>An af_xdp port could not open; the message says why and what to do, and <see cref="Reason"/> says which case it is.</summary>
public sealed class AfXdpException : InvalidOperationException
{
    /// <summary>Create the exception for <paramref name="reason"/> with a message that says what to do.</summary>
    public AfXdpException(AfXdpFailure reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>Return which failure this is.</summary>
    public AfXdpFailure Reason { get; }
}
