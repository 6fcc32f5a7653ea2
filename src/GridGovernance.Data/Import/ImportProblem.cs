namespace GridGovernance.Data.Import;

/// <summary>One thing wrong with an import: which file, which feature (by code when it has one), and what, in Chinese.</summary>
public sealed record ImportProblem(string File, string? Code, string Message)
{
    public override string ToString() => Code is null ? $"{File}: {Message}" : $"{File} [{Code}]: {Message}";
}

/// <summary>What an import did. Nothing is written unless <see cref="Problems"/> is empty.</summary>
public sealed record ImportResult(IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, int> Counts)
{
    public bool Succeeded => Problems.Count == 0;
}
