namespace Fastpath.Tables;

/// <summary>A routes file with errors; the message lists every one as <c>file:line:col: what is wrong</c>.</summary>
public sealed class RoutesFileException : FormatException
{
    /// <summary>Create the exception for <paramref name="errors"/>, each already formatted as <c>file:line:col: what is wrong</c>.</summary>
    public RoutesFileException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Return the errors, in file order.</summary>
    public IReadOnlyList<string> Errors { get; }
}
