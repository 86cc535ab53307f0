using System.Text;

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
    }
}
