namespace Namespace.Http.Protocol;

/// <summary>The JSON body of an error response.</summary>
/// <param name="Kind">A name of <see cref="Core.Errors.NsErrorKind"/>.</param>
/// <param name="Path">The server path the error is about.</param>
/// <param name="Reason">The reason, without the path.</param>
internal sealed record ErrorDocument(string Kind, string Path, string Reason);
