using GridGovernance.Data.Database;

namespace GridGovernance.Cli;

/// <summary>gridgov schema: writes schema.sql from a database it creates, migrates and drops on the given server.</summary>
internal static class SchemaCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var outIndex = Array.IndexOf(args, "--out");
        var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
        var schema = await SchemaDump.OfFreshDatabaseAsync(DatabaseCommands.ConnectionString(args));
        if (output is null)
        {
            Console.Write(schema);
            return 0;
        }
        await File.WriteAllTextAsync(output, schema);
        Console.WriteLine($"已写入 {output}（{schema.Split('\n').Length - 1} 行）。");
        return 0;
    }
}
