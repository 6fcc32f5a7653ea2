using GridGovernance.Cli;

// gridgov <verb> [options]: the operator's tool for what does not belong in a web request.
return args.FirstOrDefault() switch
{
    "migrate" => await DatabaseCommands.MigrateAsync(args[1..]),
    "import" => await DatabaseCommands.ImportAsync(args[1..]),
    "generate-demo" => await GenerateDemoCommand.RunAsync(args[1..]),
    "schema" => await SchemaCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        用法：gridgov <命令> [选项]
          migrate [--connection CS]           应用数据库迁移
          import DIR [--connection CS]        导入县域数据目录（格式见 geodata/FORMAT.md），先校验后写入，有任何问题则不写入
          schema [--connection CS] [--out FILE]
                                              在该服务器上新建数据库、迁移、导出结构（pg_dump --schema-only）后删除；
                                              一条命令重写 schema.sql：deploy/local/schema.sh
          generate-demo [--out DIR] [--divisions FILE]
                                              重新生成演示县（凌云县，示意数据），输出逐字节确定
          generate-demo --counties N --out DIR [--county-area KM2]
                                              生成省级规模的合成县域（基准测试用，编码 99 开头，非真实区划）
        数据库连接默认取环境变量 GRIDGOV_CONNECTION。
        """);
    return 2;
}
