namespace OneStop.Definitions.Loading;

/// <summary>Stable diagnostic codes. OS1xxx: syntax and shape; OS2xxx: meaning; OS3xxx: expressions
/// (defined by the expression compiler). Every code is listed in docs/definitions.md.</summary>
internal static class DiagnosticCodes
{
    public const string YamlSyntax = "OS1001";
    public const string UnknownKey = "OS1002";
    public const string WrongType = "OS1003";
    public const string DuplicateKey = "OS1004";
    public const string MissingKey = "OS1005";
    public const string InvalidValue = "OS1006";
    public const string EmptyDocument = "OS1007";
    public const string MultipleDocuments = "OS1008";
    public const string FlowEntryShape = "OS1009";
    public const string InvalidTimeAmount = "OS1010";
    public const string InvalidId = "OS1011";

    public const string DuplicateStepId = "OS2001";
    public const string DuplicateMaterialId = "OS2002";
    public const string DuplicateFieldId = "OS2003";
    public const string UndefinedRole = "OS2004";
    public const string UndefinedReturnStep = "OS2005";
    public const string ReturnOutOfScope = "OS2006";
    public const string PromisedExceedsStatutory = "OS2007";
    public const string JointLimitTooLong = "OS2008";
    public const string UnreachableBranch = "OS2009";
    public const string UndefinedItem = "OS2010";
    public const string CircularSubcase = "OS2011";
    public const string DuplicateItemVersion = "OS2012";
    public const string InvalidQuorum = "OS2013";
    public const string InvalidVote = "OS2014";
    public const string NoPreviousStep = "OS2015";
    public const string DuplicateRole = "OS2016";
    public const string UndefinedField = "OS2017";
    public const string InvalidTimeoutPolicy = "OS2018";
    public const string KindMismatch = "OS2019";
    public const string DuplicateBranch = "OS2020";
    public const string EmptyFlow = "OS2021";
}
