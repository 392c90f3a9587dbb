namespace Namespace.Http.Protocol;

/// <summary>The data of a <c>change</c> event on the event stream.</summary>
/// <param name="Kind"><c>created</c>, <c>changed</c>, <c>deleted</c>, <c>renamed</c> or <c>overflow</c>.</param>
/// <param name="Path">The server path that changed.</param>
/// <param name="OldPath">The former path of a rename, else null.</param>
internal sealed record ChangeDocument(string Kind, string Path, string? OldPath);
