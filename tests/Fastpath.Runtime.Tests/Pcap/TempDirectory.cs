namespace Fastpath.Tests.Pcap;

/// <summary>A fresh directory under the system temp path, deleted with its files on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "fastpath-pcap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    /// <summary>Return the path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => Path.Combine(FullPath, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
            // A tool still holding a file open must not fail the test that used it.
        }
    }
}
