using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Fastpath.Tests.Packaging;

/// <summary>
/// Packs the runtime as the <c>Fastpath</c> package and builds a fresh console project against it,
/// outside the repository, so the generator has to arrive through the package's analyzers folder.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackageTests(ITestOutputHelper output)
{
    private const string Version = "0.0.0-test";

    // The consumer declares its own headers and parse graph: its build fails unless the packaged generator runs.
    private const string ConsumerProgram = """
        using Consumer;
        using Fastpath.Headers;

        // Tunnel CAFE, version 4, length 11, kind 7 (a probe follows), flags 0; probe sequence 42, urgent, 5 hops; payload FFFF.
        byte[] frame = Convert.FromHexString("CAFE400B0700" + "0000002A85" + "FFFF");
        bool accepted = ProbePacket.TryParse(frame, out ProbePacket packet);
        Console.WriteLine($"accepted={accepted} error={packet.Error}");
        Console.WriteLine($"tunnel magic=0x{packet.Tunnel.Magic:X4} version={packet.Tunnel.Version} length={packet.Tunnel.Length} kind={packet.Tunnel.Kind}");
        Console.WriteLine($"probe present={packet.HasProbe} sequence={packet.Probe.Sequence} urgent={packet.Probe.Urgent} hops={packet.Probe.Hops}");
        Console.WriteLine($"payload={Convert.ToHexString(packet.Payload)}");

        // Kind 3 has no transition, so the parser accepts after the tunnel header.
        byte[] other = Convert.FromHexString("CAFE40060300" + "0102");
        bool otherAccepted = ProbePacket.TryParse(other, out ProbePacket plain);
        Console.WriteLine($"other accepted={otherAccepted} probe={plain.HasProbe} payload={Convert.ToHexString(plain.Payload)}");

        // Too short for the tunnel header.
        Console.WriteLine($"short accepted={ProbePacket.TryParse(new byte[3], out ProbePacket cut)} error={cut.Error}");

        // A standard header from the package's library.
        bool udpValid = Udp.TryCreate(Convert.FromHexString("303900350014ABCD"), out Udp udp);
        Console.WriteLine($"udp valid={udpValid} {udp.SourcePort}->{udp.DestinationPort} length={udp.Length}");

        namespace Consumer
        {
            using Fastpath;

            [Header]
            public readonly ref partial struct Tunnel
            {
                [Bits(16)] public partial ushort Magic { get; set; }
                [Bits(4)] public partial byte Version { get; set; }
                [Bits(12)] public partial ushort Length { get; set; }
                [Bits(8)] public partial byte Kind { get; set; }
                [Bits(8)] public partial byte Flags { get; set; }
            }

            [Header]
            public readonly ref partial struct Probe
            {
                [Bits(32)] public partial uint Sequence { get; set; }
                [Bits(1)] public partial bool Urgent { get; set; }
                [Bits(7)] public partial byte Hops { get; set; }
            }

            [Parser(typeof(Tunnel))]
            [Select(typeof(Tunnel), nameof(Tunnel.Kind), 7, typeof(Probe))]
            public ref partial struct ProbePacket
            {
            }
        }
        """;

    private static readonly string[] s_expectedLines =
    [
        "accepted=True error=None",
        "tunnel magic=0xCAFE version=4 length=11 kind=7",
        "probe present=True sequence=42 urgent=True hops=5",
        "payload=FFFF",
        "other accepted=True probe=False payload=0102",
        "short accepted=False error=Truncated",
        "udp valid=True 12345->53 length=20",
    ];

    /// <summary>Pack, check the package's layout and dependencies, then build and run a consumer of it.</summary>
    [Fact]
    public void PackageDeliversRuntimeAndGeneratorToAConsumer()
    {
        string repository = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("fastpath-package-").FullName;
        try
        {
            Assert.False(IsUnder(work, repository), $"The consumer must live outside the repository, but {work} is under {repository}.");
            string feed = Path.Combine(work, "feed");
            string consumer = Path.Combine(work, "consumer");

            // Build into the temp folder (artifacts path), so the repository's bin/ and obj/ stay untouched.
            Run(repository, TimeSpan.FromMinutes(5),
                "pack", Path.Combine(repository, "src", "Runtime", "Fastpath.Runtime.csproj"),
                "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(work, "artifacts"),
                $"-p:Version={Version}", "--disable-build-servers", "-nologo");

            string package = Path.Combine(feed, $"Fastpath.{Version}.nupkg");
            Assert.True(File.Exists(package), $"No {package}; the feed holds: {string.Join(", ", Directory.GetFiles(feed).Select(Path.GetFileName))}");
            CheckPackage(package);

            WriteConsumer(consumer, feed, Path.Combine(work, "packages"));
            Run(consumer, TimeSpan.FromMinutes(4), "build", "-c", "Release", "--disable-build-servers", "-nologo");
            string stdout = Run(consumer, TimeSpan.FromMinutes(1), Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));

            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(s_expectedLines.SequenceEqual(lines),
                $"The consumer printed:\n{stdout}\nexpected:\n{string.Join('\n', s_expectedLines)}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException e)
            {
                output.WriteLine($"Could not delete {work}: {e.Message}");
            }
        }
    }

    // One package with the runtime in lib/, the generator in analyzers/, and no dependency on the generator.
    private static void CheckPackage(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        string listing = string.Join("\n", entries);
        Assert.True(entries.Contains("lib/net10.0/Fastpath.Runtime.dll"), $"No lib/net10.0/Fastpath.Runtime.dll in:\n{listing}");
        Assert.True(entries.Contains("analyzers/dotnet/cs/Fastpath.Generator.dll"), $"No analyzers/dotnet/cs/Fastpath.Generator.dll in:\n{listing}");
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("Fastpath.Generator.dll", StringComparison.Ordinal)),
            $"The generator must not be a library of the package:\n{listing}");

        ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspecEntry.Open();
        XDocument nuspec = XDocument.Load(stream);
        string[] dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string?)e.Attribute("id") ?? "").ToArray();
        Assert.True(dependencies.Length == 0, $"The package declares dependencies: {string.Join(", ", dependencies)}\n{nuspec}");
    }

    // A console project that takes Fastpath from the temp feed only; nuget.org stays listed so the SDK can resolve anything else.
    private static void WriteConsumer(string directory, string feed, string packages)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fastpath" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        // A private packages folder: a second run must not pick up the package this one cached under the same version.
        // The mapping takes Fastpath from the temp feed alone, never a same-named package from nuget.org.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="fastpath-test" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="fastpath-test">
                  <package pattern="Fastpath" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), ConsumerProgram);
    }

    // Run the dotnet host with arguments and return stdout; fail with both streams on a non-zero exit or a timeout.
    private string Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        // Properties that `dotnet test` passes to this process would steer the child builds; drop them.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        string command = $"dotnet {string.Join(' ', arguments)} (in {workingDirectory})";
        output.WriteLine($"> {command}");
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"Timed out after {timeout}: {command}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }
        // Let the output readers reach the end of both streams.
        process.WaitForExit();
        output.WriteLine($"  exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(process.ExitCode == 0, $"Exit code {process.ExitCode}: {command}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout.ToString();
    }

    // The host that runs this test, so children use the same SDK; `dotnet` on PATH otherwise.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (DirectoryInfo? directory = new FileInfo(thisFile).Directory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Dsl.sln above {thisFile}.");
    }

    private static bool IsUnder(string path, string root) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
