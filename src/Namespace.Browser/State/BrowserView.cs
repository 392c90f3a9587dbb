namespace Namespace.Browser.State;

/// <summary>What the second pane shows.</summary>
public enum BrowserView
{
    /// <summary>A preview of the entry under the cursor.</summary>
    Preview,
    /// <summary>The namespace: every mount point and the elements of its union (the <c>n</c> key).</summary>
    Namespace,
}
