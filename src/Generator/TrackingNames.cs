namespace Fastpath.Generator
{
    /// <summary>Names of pipeline steps, so caching tests can find them.</summary>
    public static class TrackingNames
    {
        public const string HeaderAnalysis = nameof(HeaderAnalysis);
        public const string HeaderModel = nameof(HeaderModel);
        public const string ParserAnalysis = nameof(ParserAnalysis);
        public const string ParserModel = nameof(ParserModel);
        public const string RulesAnalysis = nameof(RulesAnalysis);
        public const string RulesModel = nameof(RulesModel);
        public const string TableAnalysis = nameof(TableAnalysis);
        public const string TableModel = nameof(TableModel);
    }
}
