namespace Namespace.Core.Providers;

/// <summary>How <see cref="IFileProvider.OpenWriteAsync"/> treats an existing file.</summary>
public enum WriteMode
{
    /// <summary>Create the file or replace its whole content when the stream is committed.</summary>
    Replace,
    /// <summary>Create the file or add to its end.</summary>
    Append,
    /// <summary>Create the file; fail with <see cref="Errors.NsErrorKind.Exists"/> if something is there.</summary>
    CreateNew,
}
