using GridGovernance.DemoCounty.Divisions;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>One village laid out in metres: its area, households and the cuts that make its grids.</summary>
public sealed record VillagePlan(DivisionVillage Division, int Township, Geometry Area, Settlement Settlement, GridCutTree Cuts);
