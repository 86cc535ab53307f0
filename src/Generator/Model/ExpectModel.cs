namespace Fastpath.Generator.Model
{
    /// <summary>A field value a parser requires, and the reject reason when it is absent (a <c>ParseError</c> member name).</summary>
    internal sealed record ExpectModel(string Field, ulong Value, string Error);
}
