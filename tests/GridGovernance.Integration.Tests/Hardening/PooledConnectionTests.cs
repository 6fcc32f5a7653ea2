using System.Net;
using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>
/// "Received unexpected backend message DataRow" after a bad request: Npgsql 10.0.3 leaves a pooled connection out of step when
/// a statement fails at Bind (a NUL in a text parameter) on exactly the execution that auto-prepares it (the fifth, with
/// AutoPrepareMinUsages 5); the next run of that statement on that connection fails (npgsql/npgsql#6391 is the same family).
/// </summary>
public sealed class PooledConnectionTests
{
    private const string Statement = "SELECT count(*) FROM case_category WHERE code = $1";

    private static async Task<string> RunAsync(NpgsqlDataSource dataSource, string code)
    {
        try
        {
            await using var command = dataSource.CreateCommand(Statement);
            command.Parameters.Add(new NpgsqlParameter { Value = code });
            return "ok " + await command.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException || e.Message.Contains("backend message", StringComparison.Ordinal))
        {
            // Npgsql reports the out-of-step connection as a plain Exception ("… Please file a bug.").
            return e.Message;
        }
    }

    /// <summary>Four good runs, the fifth (the auto-preparing one) with NUL: PostgreSQL refuses it at Bind.</summary>
    private static async Task<PostgresException> PoisonAsync(NpgsqlDataSource dataSource)
    {
        for (var i = 0; i < 4; i++) (await RunAsync(dataSource, "E0102")).ShouldBe("ok 1");
        var failure = await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var command = dataSource.CreateCommand(Statement);
            command.Parameters.Add(new NpgsqlParameter { Value = "E01\u000002" });
            await command.ExecuteScalarAsync();
        });
        failure.SqlState.ShouldBe("22021");
        return failure;
    }

    [Fact]
    public async Task After_a_statement_refused_while_being_prepared_the_app_hands_out_no_connection_out_of_step()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        var onePool = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;

        // Without the app's remedy the one pooled connection is out of step: the library bug, reproduced.
        await using (var bare = GridGovDataSource.Create(onePool, "gridgov-bare"))
        {
            await PoisonAsync(bare);
            (await RunAsync(bare, "E0102")).ShouldContain("unexpected backend message");
        }

        // The app: the same failure reaches its exception handler, which answers 400 and drops the pooled connection.
        await using var app = new GridGovAppFactory(onePool);
        using var client = app.CreateClient();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var failure = await PoisonAsync(dataSource);
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Path = "/api/cases";
        context.Response.Body = new MemoryStream();
        var handled = false;
        foreach (var handler in app.Services.GetServices<IExceptionHandler>())
            if (handled = await handler.TryHandleAsync(context, failure, CancellationToken.None)) break;
        handled.ShouldBeTrue();
        context.Response.StatusCode.ShouldBe(400);

        // The next uses of the statement and the next requests on the one-connection pool all succeed.
        for (var i = 0; i < 6; i++) (await RunAsync(dataSource, "E0102")).ShouldBe("ok 1");
        for (var i = 0; i < 6; i++)
        {
            (await client.GetAsync("/api/search?q=%E6%B3%97")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/api/search?q=%00")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
    }
}
