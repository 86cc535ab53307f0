using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Fastpath.Generator.Tests;

/// <summary>docs/diagnostics.md lists exactly the diagnostics the generator has, under the same titles (as STJ keeps its list).</summary>
public partial class DiagnosticsDocTests
{
    private static readonly string s_docPath = Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "diagnostics.md");

    [Fact]
    public void DocumentedIdsAreTheDescriptorIds()
    {
        IReadOnlyDictionary<string, string> documented = DocumentedTitles();
        Assert.Equal(Descriptors().Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DocumentedTitlesAreTheDescriptorTitles()
    {
        IReadOnlyDictionary<string, string> documented = DocumentedTitles();
        foreach ((string id, DiagnosticDescriptor descriptor) in Descriptors())
        {
            if (documented.TryGetValue(id, out string? title))
                Assert.Equal(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), title);
        }
    }

    [Fact]
    public void DescriptorIdsAreNumberedInOrderWithoutGaps()
    {
        string[] ids = Descriptors().Keys.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"FP{i:D4}"), ids);
    }

    private static Dictionary<string, DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToDictionary(d => d.Id);

    // Table rows look like "| FP0001 | Title | trigger | fix |"; an ID listed twice is an error too.
    private static Dictionary<string, string> DocumentedTitles()
    {
        var titles = new Dictionary<string, string>();
        foreach (string line in File.ReadLines(s_docPath))
        {
            Match row = Row().Match(line);
            if (!row.Success)
                continue;
            string id = row.Groups["id"].Value;
            Assert.True(titles.TryAdd(id, row.Groups["title"].Value.Trim()), $"{id} is listed twice in {s_docPath}");
        }
        Assert.NotEmpty(titles);
        return titles;
    }

    [GeneratedRegex(@"^\|\s*(?<id>FP\d{4})\s*\|(?<title>[^|]*)\|")]
    private static partial Regex Row();
}
