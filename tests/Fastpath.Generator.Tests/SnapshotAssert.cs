using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Fastpath.Generator.Tests;

/// <summary>
/// Compares generated text with a checked-in <c>Snapshots/&lt;name&gt;.verified.cs</c>. On a mismatch it writes
/// <c>&lt;name&gt;.received.cs</c> beside it and fails at the first differing line; with
/// <c>FASTPATH_ACCEPT_SNAPSHOTS=1</c> it overwrites the verified file instead.
/// </summary>
/// <remarks>
/// The files are found from the caller's source path, so accepting rewrites the checked-in file rather than the copy in
/// bin/. When the sources are not on this machine, the copy next to the test assembly is read instead.
/// </remarks>
internal static partial class SnapshotAssert
{
    public const string AcceptVariable = "FASTPATH_ACCEPT_SNAPSHOTS";

    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";

    /// <summary>Return whether this run overwrites snapshots instead of comparing with them.</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    /// <summary>Assert that <paramref name="actual"/> matches the snapshot <paramref name="name"/>, after scrubbing.</summary>
    public static void Matches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = SnapshotDirectory(callerFile);
        string verifiedPath = Path.Combine(directory, name + VerifiedSuffix);
        string receivedPath = Path.Combine(directory, name + ReceivedSuffix);
        string received = Scrub(actual);

        if (Accepting)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, received, Utf8NoBom);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            TryWrite(receivedPath, received);
            Assert.Fail($"No snapshot {verifiedPath}. Wrote {receivedPath}; review it, then rerun with {AcceptVariable}=1 to accept it.");
        }

        string verified = Normalize(File.ReadAllText(verifiedPath));
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        TryWrite(receivedPath, received);
        Assert.Fail($"Snapshot {name} differs. {FirstDifference(verified, received)}\n" +
                    $"Compare {verifiedPath}\n   with {receivedPath}\nand rerun with {AcceptVariable}=1 to accept the new output.");
    }

    /// <summary>Make generated text stable: LF line endings, no BOM, and no generator version.</summary>
    public static string Scrub(string text) =>
        VersionPattern().Replace(Normalize(text), "GeneratedCode(\"Fastpath.Generator\", \"<version>\")");

    /// <summary>Return text with LF line endings and no byte-order mark, as git may hand it back either way.</summary>
    public static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>Describe where two texts first differ: the line number and both lines, or which one is longer.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                int column = 0;
                while (column < Math.Min(e[i].Length, a[i].Length) && e[i][column] == a[i][column])
                    column++;
                return $"First difference at line {i + 1}, column {column + 1}:\n" +
                       $"  verified: {Show(e[i])}\n" +
                       $"  received: {Show(a[i])}";
            }
        }
        if (e.Length == a.Length)
            return "The texts are the same.";
        return e.Length > a.Length
            ? $"The received text ends at line {a.Length}; the verified text goes on with: {Show(e[a.Length])}"
            : $"The verified text ends at line {e.Length}; the received text goes on with: {Show(a[e.Length])}";
    }

    private static string Show(string line) => line.Length == 0 ? "(empty line)" : line;

    private static string SnapshotDirectory(string callerFile)
    {
        string source = Path.Combine(Path.GetDirectoryName(callerFile) ?? "", "Snapshots");
        return Directory.Exists(Path.GetDirectoryName(callerFile)) ? source : Path.Combine(AppContext.BaseDirectory, "Snapshots");
    }

    // A read-only checkout should still report the difference.
    private static void TryWrite(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text, Utf8NoBom);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    [GeneratedRegex("""GeneratedCode\("Fastpath\.Generator", "[^"]*"\)""")]
    private static partial Regex VersionPattern();
}
