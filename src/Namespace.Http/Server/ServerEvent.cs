using Namespace.Core.Providers;

namespace Namespace.Http.Server;

/// <summary>A change with its event id, as kept in the ring of recent events.</summary>
internal sealed record ServerEvent(long Id, ChangeEvent Change);
