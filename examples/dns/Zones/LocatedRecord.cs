namespace Fastpath.Examples.Dns.Zones;

/// <summary>A record with the place in a file it was read from and its position among all records read (includes in place), kept while a zone is checked so zone-level errors can point at the record.</summary>
internal readonly record struct LocatedRecord(ResourceRecord Record, string File, int Line, int Column, int Order)
{
    /// <summary>Return the place as <c>file:line:column</c>.</summary>
    public string Where => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
