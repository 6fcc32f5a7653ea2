using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>The cuts that divide one village into grids, the households of each grid, and the cut lines.</summary>
public sealed class GridCutTree(GridCutTree.Node root, IReadOnlyList<int[]> leaves, IReadOnlyList<LineString> chords)
{
    /// <summary>Household indices of each grid (leaf), in leaf order.</summary>
    public IReadOnlyList<int[]> Leaves { get; } = leaves;

    /// <summary>The cut lines clipped to the pieces they divide (metres).</summary>
    public IReadOnlyList<LineString> Chords { get; } = chords;

    /// <summary>The grid (leaf) on whose side of every cut the point lies.</summary>
    public int LeafOf(Coordinate point)
    {
        var node = root;
        while (node.LeafIndex < 0)
        {
            node = BalancedSplit.Project(point, node.Direction!) < node.Threshold ? node.Left! : node.Right!;
        }

        return node.LeafIndex;
    }

    public sealed class Node
    {
        private Node(int leafIndex, Coordinate? direction, double threshold, Node? left, Node? right)
        {
            LeafIndex = leafIndex;
            Direction = direction;
            Threshold = threshold;
            Left = left;
            Right = right;
        }

        public int LeafIndex { get; }

        public Coordinate? Direction { get; }

        public double Threshold { get; }

        public Node? Left { get; }

        public Node? Right { get; }

        public static Node Leaf(int index) => new(index, null, 0, null, null);

        public static Node Branch(Coordinate direction, double threshold, Node left, Node right) => new(-1, direction, threshold, left, right);
    }
}
