using System.Runtime.CompilerServices;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>Paths of the DNS test zones (next to this file) and of the example's sample zone.</summary>
internal static class DnsTestFiles
{
    /// <summary>Return the path of the feature zone, which $INCLUDEs feature-include.inc.</summary>
    public static string FeatureZone => Here("Zones", "feature.zone");

    /// <summary>Return the path of the parity zone, served by NSD and by the server in the parity tests.</summary>
    public static string ParityZone => Here("Zones", "parity.zone");

    /// <summary>Return the path of examples/dns/zones/example.com.zone.</summary>
    public static string SampleZone => Here("..", "..", "..", "..", "examples", "dns", "zones", "example.com.zone");

    private static string Here(string a, string b, [CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, a, b));

    private static string Here(string a, string b, string c, string d, string e, string f, string g, string h, [CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, a, b, c, d, e, f, g, h));
}
