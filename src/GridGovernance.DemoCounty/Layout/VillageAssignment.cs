using GridGovernance.DemoCounty.Divisions;
using GridGovernance.DemoCounty.Spatial;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Gives each real village of a township one of the township's cells. The seat cell goes to the first village (the
/// township's namesake, or its first community), other communities take the cells nearest the seat (they form the
/// town), and the villages follow clockwise from north around the seat, so neighbouring codes are neighbours.
/// </summary>
public static class VillageAssignment
{
    /// <returns>For each township (in code order), the cell of each of its villages (in code order).</returns>
    public static int[][] Assign(DivisionCounty county, TownshipRegions.Result regions, IReadOnlyList<Coordinate> sites)
    {
        var result = new int[county.Townships.Count][];
        for (var t = 0; t < county.Townships.Count; t++)
        {
            var villages = county.Townships[t].Villages;
            var seatCell = regions.SeatCellOfTownship[t];
            var seat = sites[seatCell];
            var rest = Enumerable.Range(0, sites.Count)
                .Where(c => regions.TownshipOfCell[c] == t && c != seatCell)
                .OrderBy(c => sites[c].Distance(seat)).ThenBy(c => c)
                .ToList();
            var communities = villages.Count(v => v.IsCommunity);
            var town = rest.Take(Math.Max(0, communities - 1)).ToList();
            var countryside = rest.Skip(town.Count)
                .OrderBy(c => Bearing.PseudoAngle(sites[c].X - seat.X, sites[c].Y - seat.Y)).ThenBy(c => c);

            // Communities come first in code order (001–199), so this lines up town cells with communities.
            result[t] = new[] { seatCell }.Concat(town).Concat(countryside).ToArray();
        }

        return result;
    }
}
