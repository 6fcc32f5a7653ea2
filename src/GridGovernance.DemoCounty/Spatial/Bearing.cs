namespace GridGovernance.DemoCounty.Spatial;

/// <summary>Orders directions clockwise from north without trigonometry (a "diamond angle" in [0, 4)).</summary>
public static class Bearing
{
    public static double PseudoAngle(double dx, double dy)
    {
        var s = Math.Abs(dx) + Math.Abs(dy);
        if (s == 0)
        {
            return 0;
        }

        if (dx >= 0 && dy >= 0)
        {
            return dx / s;
        }

        if (dx >= 0)
        {
            return 1 - dy / s;
        }

        return dy <= 0 ? 2 - dx / s : 3 + dy / s;
    }
}
