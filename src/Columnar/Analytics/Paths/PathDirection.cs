namespace Columnar.Analytics.Paths;

/// <summary>Which neighbour of the anchor event a path edge goes to.</summary>
public enum PathDirection
{
    /// <summary>The event immediately after the anchor: edges are (anchor → next).</summary>
    Next,

    /// <summary>The event immediately before the anchor: edges are (previous → anchor).</summary>
    Previous,
}
