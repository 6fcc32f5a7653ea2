using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;

var builder = WebApplication.CreateBuilder(args);
builder.AddGridGovernanceLogging();
builder.AddGridGovernanceDatabase();
builder.AddGridGovernanceInputLimits();
builder.AddGridGovernanceFeatures();

var app = builder.Build();
app.ValidateSettings();
app.UseGridGovernancePipeline();
app.MapGridGovernanceFeatures();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
