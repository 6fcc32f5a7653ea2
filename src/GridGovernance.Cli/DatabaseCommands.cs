using GridGovernance.Data.Database;
using GridGovernance.Data.Import;

namespace GridGovernance.Cli;

internal static class DatabaseCommands
{
    public static async Task<int> MigrateAsync(string[] args)
    {
        await using var dataSource = GridGovDataSource.Create(ConnectionString(args), "gridgov-cli");
        try
        {
            var applied = await MigrationRunner.ApplyAsync(dataSource);
            Console.WriteLine(applied.Count == 0 ? "数据库已是最新。" : $"已应用 {applied.Count} 个迁移：{string.Join("，", applied.Select(m => $"{m.Version:D4}_{m.Name}"))}");
            return 0;
        }
        catch (MigrationFailedException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    public static async Task<int> ImportAsync(string[] args)
    {
        var directory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (directory is null)
        {
            Console.Error.WriteLine("请指定要导入的数据目录，例如：gridgov import geodata/lingyun");
            return 2;
        }
        await using var dataSource = GridGovDataSource.Create(ConnectionString(args), "gridgov-cli");
        await MigrationRunner.ApplyAsync(dataSource);
        var result = await TerritoryImporter.ImportAsync(dataSource, directory, Console.WriteLine);
        if (result.Succeeded) return 0;
        Console.Error.WriteLine($"发现 {result.Problems.Count} 个问题，未写入任何数据：");
        foreach (var problem in result.Problems) Console.Error.WriteLine($"  {problem}");
        return 1;
    }

    internal static string ConnectionString(string[] args)
    {
        var index = Array.IndexOf(args, "--connection");
        if (index >= 0 && index + 1 < args.Length) return args[index + 1];
        return Environment.GetEnvironmentVariable("GRIDGOV_CONNECTION") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : throw new InvalidOperationException("未指定数据库连接：请设置 GRIDGOV_CONNECTION 或使用 --connection。");
    }
}
