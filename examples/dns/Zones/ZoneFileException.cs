namespace Fastpath.Examples.Dns.Zones;

/// <summary>A zone file had errors, so no zone was made; <see cref="Errors"/> lists them (up to the reader's cap), one a line in the message.</summary>
public sealed class ZoneFileException : Exception
{
    /// <summary>Create the exception for <paramref name="errors"/>, which must not be empty.</summary>
    public ZoneFileException(IReadOnlyList<ZoneFileError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Return the errors, in the order they were found.</summary>
    public IReadOnlyList<ZoneFileError> Errors { get; }

    private static string Describe(IReadOnlyList<ZoneFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
            throw new ArgumentException("a zone file exception needs at least one error", nameof(errors));
        return string.Join(Environment.NewLine, errors);
    }
}
