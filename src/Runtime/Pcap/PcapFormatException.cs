namespace Fastpath;

/// <summary>A capture file that is not pcap or pcapng, or whose record or block header is corrupt.</summary>
/// <remarks>
/// The message reads <c>file: byte N: problem</c> so the bad spot can be found with a hex dump.
/// A file that merely ends mid-record is not corrupt: see <see cref="PcapReader.Warning"/>.
/// </remarks>
public sealed class PcapFormatException : FormatException
{
    /// <summary>Create the exception for <paramref name="problem"/> at byte <paramref name="offset"/> of <paramref name="fileName"/>.</summary>
    public PcapFormatException(string fileName, long offset, string problem)
        : base($"{fileName}: byte {offset}: {problem}")
    {
        FileName = fileName;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>Return the name of the file (or stream) being read.</summary>
    public string FileName { get; }

    /// <summary>Return the byte offset of the bad header from the start of the file.</summary>
    public long Offset { get; }

    /// <summary>Return what was wrong, without the file name and offset.</summary>
    public string Problem { get; }
}
