namespace Fastpath.Examples.Dns.Zones;

/// <summary>
/// Splits master-file text into entries of words (RFC 1035 §5.1): blanks separate words, <c>;</c> starts a comment,
/// parentheses join lines, <c>"</c> quotes a string, and a backslash keeps the next character inside the word.
/// </summary>
/// <remarks>
/// Words keep their escapes: whether <c>\.</c> is a dot inside a label or <c>\059</c> a semicolon is for the field that
/// reads the word to say. Columns count characters from 1, a tab as one, as compilers report them.
/// </remarks>
internal static class ZoneLexer
{
    /// <summary>Return the entries of <paramref name="text"/>, reporting unclosed quotes and unbalanced parentheses to <paramref name="errors"/> (the entries they occur in come back marked broken).</summary>
    public static List<ZoneEntry> Read(string text, string file, ZoneErrors errors)
    {
        var entries = new List<ZoneEntry>();
        var tokens = new List<ZoneToken>();
        bool ownerOmitted = false;
        bool broken = false;
        bool inParentheses = false;
        int parenLine = 0, parenColumn = 0;
        int line = 1, lineStart = 0;
        bool atLineStart = true;

        void Flush()
        {
            if (tokens.Count > 0)
                entries.Add(new ZoneEntry(file, tokens, ownerOmitted, broken));
            tokens = [];
            broken = false;
        }

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int column = i - lineStart + 1;
            if (atLineStart)
            {
                atLineStart = false;
                // A physical line outside parentheses starts a new entry; beginning with a blank means "same owner as before".
                if (!inParentheses)
                    ownerOmitted = c is ' ' or '\t';
            }
            switch (c)
            {
                case '\n':
                    if (!inParentheses)
                        Flush();
                    line++;
                    lineStart = i + 1;
                    atLineStart = true;
                    i++;
                    break;
                case ' ' or '\t' or '\r':
                    i++;
                    break;
                case ';':
                    while (i < text.Length && text[i] != '\n')
                        i++;
                    break;
                case '(':
                    if (inParentheses)
                    {
                        errors.Add(file, line, column, $"a second '(' before the ')' of the one at {parenLine}:{parenColumn}: parentheses do not nest");
                        broken = true;
                    }
                    else
                    {
                        inParentheses = true;
                        parenLine = line;
                        parenColumn = column;
                    }
                    i++;
                    break;
                case ')':
                    if (!inParentheses)
                    {
                        errors.Add(file, line, column, "a ')' without a '(' before it");
                        broken = true;
                    }
                    inParentheses = false;
                    i++;
                    break;
                case '"':
                {
                    int j = i + 1;
                    while (j < text.Length && text[j] != '"' && text[j] != '\n')
                        j += text[j] == '\\' && j + 1 < text.Length && text[j + 1] != '\n' ? 2 : 1;
                    if (j >= text.Length || text[j] != '"')
                    {
                        errors.Add(file, line, column, "a quoted string is not closed on its line (expected '\"')");
                        broken = true;
                        i = j;
                        break;
                    }
                    tokens.Add(new ZoneToken(text[(i + 1)..j], line, column, Quoted: true));
                    i = j + 1;
                    break;
                }
                default:
                {
                    int j = i;
                    while (j < text.Length && text[j] is not (' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"'))
                        j += text[j] == '\\' && j + 1 < text.Length && text[j + 1] != '\n' ? 2 : 1;
                    tokens.Add(new ZoneToken(text[i..j], line, column, Quoted: false));
                    i = j;
                    break;
                }
            }
        }
        if (inParentheses)
        {
            errors.Add(file, parenLine, parenColumn, "this '(' is not closed before the end of the file (expected ')')");
            broken = true;
        }
        Flush();
        return entries;
    }
}
