using Microsoft.CodeAnalysis;

namespace Fastpath.Generator.Model
{
    /// <summary>A diagnostic to report, as plain values; turned into a <see cref="Diagnostic"/> only in the reporting output.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation(), Arguments.ToArrayOfObjects());
    }

    internal static class EquatableArrayExtensions
    {
        public static object[] ToArrayOfObjects(this EquatableArray<string> array)
        {
            var result = new object[array.Count];
            for (int i = 0; i < result.Length; i++)
                result[i] = array[i];
            return result;
        }
    }
}
