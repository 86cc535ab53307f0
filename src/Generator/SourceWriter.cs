using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Fastpath.Generator
{
    /// <summary>An indented text writer for generated source: generated code should read like hand-written code.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public void Line(string line = "")
        {
            if (line.Length > 0)
                _text.Append(' ', _indent * 4);
            _text.Append(line).Append('\n');
        }

        public void Open(string line)
        {
            Line(line);
            Line("{");
            _indent++;
        }

        /// <summary>Open a bare block, as after a label.</summary>
        public void Block()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
        }

        public void Indent() => _indent++;

        public void Outdent() => _indent--;

        public override string ToString() => _text.ToString();

        /// <summary>Return a declared name as an identifier: a keyword gets its '@' back (a header declared as <c>@class</c>).</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Return text for an XML doc comment: a masked transition's '&amp;' would otherwise be malformed XML (CS1570).</summary>
        public static string XmlText(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;");

        /// <summary>Return a dotted namespace with each part as an identifier.</summary>
        public static string QualifiedName(string dotted) =>
            string.Join(".", dotted.Split('.').Select(Identifier));
    }
}
