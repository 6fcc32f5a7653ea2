using System.Net;
using Xunit.Abstractions;
using System.Text;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Scope;

/// <summary>
/// The authorization matrix: every staff endpoint of the app (read from its own endpoint list) × every role and anonymous ×
/// a resource inside and one outside the caller's scope. Outside is 404 like a missing record (or the refusal the probe names
/// for a filter), a role without the right gets 403 (pages: a redirect), and no answer outside ever carries the outside
/// resource's data.
/// </summary>
public sealed class AuthorizationMatrixTests(ScopeWorld world, ITestOutputHelper output) : IClassFixture<ScopeWorld>
{
    private static readonly string[] StaffPrefixes = ["/api/staff", "/api/events", "/field", "/dispatch", "/inbox", "/account"];

    /// <summary>Endpoints that serve the public and, for some of what they serve, only staff: the matrix covers their staff part.</summary>
    private static readonly string[] PartlyStaff = ["GET /tiles/{layer}/{z}/{x}/{y}.mvt"];

    private IReadOnlyList<string> StaffEndpointsOfTheApp()
    {
        _ = world.Factory.Server; // builds the app, so its endpoints are there to read
        var endpoints = world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in methods.Where(m => m != "HEAD"))
            {
                var key = $"{method} {pattern}";
                if (authorized || StaffPrefixes.Any(p => pattern == p || pattern.StartsWith(p + "/", StringComparison.Ordinal)) || PartlyStaff.Contains(key))
                    keys.Add(key);
            }
        }
        return keys.ToList();
    }

    [Fact]
    public void Every_staff_endpoint_of_the_app_is_in_the_matrix_and_the_matrix_names_no_endpoint_the_app_lacks()
    {
        var app = StaffEndpointsOfTheApp();
        var covered = AuthorizationMatrix.Probes.Select(p => p.Key).Concat(AuthorizationMatrix.PublicOnPurpose.Keys).ToHashSet();
        app.Where(k => !covered.Contains(k)).ShouldBeEmpty("这些员工端点没有进入授权矩阵（请在 AuthorizationMatrix.Probes 中为它们写上探测）");
        covered.Where(k => !app.Contains(k)).ShouldBeEmpty("授权矩阵列出了应用中不存在的端点");
        output.WriteLine($"Staff endpoints of the app: {app.Count}");
    }

    [Fact]
    public async Task The_anonymous_setup_endpoints_exist_carry_no_authorization_and_answer_404_to_every_caller_once_set_up()
    {
        _ = world.Factory.Server;
        var endpoints = world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var key in AuthorizationMatrix.AnonymousUntilSetUp.Keys)
        {
            var (method, path) = (key.Split(' ')[0], key.Split(' ')[1]);
            var endpoint = endpoints.SingleOrDefault(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/') == path
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains(method));
            endpoint.ShouldNotBeNull($"{key} 应存在");
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().ShouldBeEmpty($"{key} 是匿名页面（首次安装时还没有任何账号）");
        }
        foreach (var role in world.Roles.Append(world.Anonymous))
        {
            using var get = await world.Client(role).GetAsync("/setup");
            ((int)get.StatusCode).ShouldBe(404, $"GET /setup × {role.Role}");
            (await get.Content.ReadAsStringAsync()).ShouldNotContain("setup-form");
            using var post = await world.Client(role).PostAsync("/setup", new FormUrlEncodedContent([new("Input.Token", "矩阵")]));
            ((int)post.StatusCode).ShouldBeOneOf([400, 404], $"POST /setup × {role.Role}");
        }
    }

    [Fact]
    public async Task Every_staff_endpoint_answers_every_role_inside_its_scope_and_outside_it_only_with_404_or_a_refusal_never_with_data()
    {
        var failures = new List<string>();
        var requests = 0;
        var roles = world.Roles.Append(world.Anonymous).ToList();
        foreach (var probe in AuthorizationMatrix.Probes)
        foreach (var role in roles)
        {
            var expect = probe.For(role.Role);
            // A list is asked once: the inside resource must be in it, the outside one never.
            var once = probe.Subject is Subject.Own or Subject.CaseList or Subject.OrderList or Subject.HouseholdList;
            foreach (var inside in once ? [true] : new[] { true, false })
            {
                var resource = AuthorizationMatrix.ResourceOf(probe.Subject, role, inside);
                using var request = await probe.Request(world, role, resource);
                using var response = await world.Client(role).SendAsync(request);
                requests++;
                var text = await ReadableTextAsync(response);
                var where = $"{probe.Key} × {role.Role} × {(once ? "" : inside ? "inside " : "outside ")}{resource.Name}";
                var expected = inside ? expect.Inside : expect.Outside;
                if ((int)response.StatusCode != expected && (inside || (int)response.StatusCode != expect.OutsideOr))
                    failures.Add($"{where}: expected {expected}, got {(int)response.StatusCode} {Shorten(text)}");
                if (expect.Refused && expected == 302)
                {
                    var target = role.Session is null ? "/login" : "/account/denied";
                    if (!AuthorizationMatrix.IsRedirectTo(response, target)) failures.Add($"{where}: expected a redirect to {target}, got {response.Headers.Location}");
                }
                foreach (var secret in Hidden(probe, role, inside, expect).Where(s => text.Contains(s, StringComparison.Ordinal)))
                    failures.Add($"{where}: the answer shows “{Shorten(secret)}”");
                if (inside && !expect.Refused && expected == 200 && Shown(probe, resource) is { } shown && !text.Contains(shown, StringComparison.Ordinal))
                    failures.Add($"{where}: the answer does not show “{shown}”");
            }
        }
        output.WriteLine($"Authorization matrix: {AuthorizationMatrix.Probes.Count} staff endpoints × {roles.Count} callers " +
            $"({world.Roles.Count} roles and anonymous) × inside/outside = {requests} requests, {failures.Count} failures");
        failures.ShouldBeEmpty();
    }

    /// <summary>The answer as text to search; a workbook is unzipped into its cells first, or a secret in it would go unseen.</summary>
    private static async Task<string> ReadableTextAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ? string.Join("\n", bytes.ToSheet().Select(row => string.Join(",", row)))
            : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Never data: what must not appear in an answer — the outside resource's texts (for a household list or tile, its code),
    /// and, for a role refused the endpoint, the inside one's too.
    /// </summary>
    private static IEnumerable<string> Hidden(Probe probe, RoleWorld role, bool inside, Expect expect)
    {
        var outside = AuthorizationMatrix.ResourceOf(probe.Subject, role, inside: false);
        var byCode = probe.Subject is Subject.HouseholdList or Subject.HouseholdTile;
        if (!inside || probe.Subject is Subject.CaseList or Subject.OrderList or Subject.HouseholdList)
            foreach (var secret in byCode ? [outside.Id] : outside.Secrets) yield return secret;
        if (expect.Refused)
            foreach (var secret in AuthorizationMatrix.ResourceOf(probe.Subject, role, inside: true).Secrets) yield return secret;
    }

    /// <summary>What an allowed role must be shown inside its scope, where the answer is about the resource (null: a status is enough).</summary>
    private static string? Shown(Probe probe, Resource resource) => probe.Subject switch
    {
        Subject.CaseList or Subject.OrderList => resource.Secrets[0],
        Subject.HouseholdList or Subject.HouseholdTile => resource.Id,
        Subject.CaseFilter => $"\"id\":{resource.Id}",
        Subject.Case or Subject.Order or Subject.Household when probe.Key.StartsWith("GET /", StringComparison.Ordinal)
            && !probe.Key.Contains("/photos/", StringComparison.Ordinal) && probe.Key != "GET /api/staff/routing" => resource.Secrets[0],
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
