namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// The Hungarian method (Kuhn–Munkres, O(n³) with potentials): gives each row one distinct column at the least total
/// cost. Ties resolve by index order, so the answer is the same on every run.
/// </summary>
public static class MinCostAssignment
{
    /// <param name="cost">A square matrix, cost[row][column].</param>
    /// <returns>The column assigned to each row.</returns>
    public static int[] Solve(double[][] cost)
    {
        var n = cost.Length;
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOfColumn = new int[n + 1];
        var way = new int[n + 1];
        for (var row = 1; row <= n; row++)
        {
            rowOfColumn[0] = row;
            var column = 0;
            var minimum = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[column] = true;
                var current = rowOfColumn[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = cost[current - 1][j - 1] - u[current] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = column;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        next = j;
                    }
                }

                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                column = next;
            }
            while (rowOfColumn[column] != 0);

            do
            {
                var previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            }
            while (column != 0);
        }

        var result = new int[n];
        for (var j = 1; j <= n; j++)
        {
            result[rowOfColumn[j] - 1] = j - 1;
        }

        return result;
    }
}
