using GridGovernance.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddGridGovernanceLogging();
builder.AddGridGovernanceDatabase();
builder.AddGridGovernanceInputLimits();
builder.AddGridGovernanceFeatures();

var app = builder.Build();
app.UseGridGovernancePipeline();
app.MapGridGovernanceFeatures();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
