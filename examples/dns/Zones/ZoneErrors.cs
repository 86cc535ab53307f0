namespace Fastpath.Examples.Dns.Zones;

/// <summary>Collects errors and warnings while a zone is read, up to a cap on errors after which the reader stops.</summary>
internal sealed class ZoneErrors(int maxErrors)
{
    private readonly List<ZoneFileError> _errors = [];
    private readonly List<ZoneFileError> _warnings = [];

    /// <summary>Return the errors so far.</summary>
    public IReadOnlyList<ZoneFileError> Errors => _errors;

    /// <summary>Return the warnings so far (problems a zone still loads with).</summary>
    public IReadOnlyList<ZoneFileError> Warnings => _warnings;

    /// <summary>Return whether any error was recorded.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Return whether the cap is reached, so reading should stop.</summary>
    public bool Full => _errors.Count >= maxErrors;

    /// <summary>Record an error at <paramref name="file"/>:<paramref name="line"/>:<paramref name="column"/>; the last one the cap allows says that reading stopped.</summary>
    public void Add(string file, int line, int column, string message)
    {
        if (Full)
            return;
        if (_errors.Count == maxErrors - 1)
            message += $" (stopping after {maxErrors} errors)";
        _errors.Add(new ZoneFileError(file, line, column, message));
    }

    /// <summary>Record a warning.</summary>
    public void Warn(string file, int line, int column, string message) => _warnings.Add(new ZoneFileError(file, line, column, message));
}
