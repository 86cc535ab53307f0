namespace Fastpath;

/// <summary>Declares a parse graph on a <c>ref partial struct</c>: the generator emits <c>Parse</c>/<c>TryParse</c> and one view per header.</summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class ParserAttribute(Type start) : Attribute
{
    /// <summary>The first header of every packet.</summary>
    public Type Start { get; } = start;
}
