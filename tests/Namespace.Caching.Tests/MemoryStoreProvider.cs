using Namespace.Core.Memory;

namespace Namespace.Caching.Tests;

/// <summary>
/// A memfs that is also a cache store of its own (a <see cref="MemoryCacheStore"/> beside it), so a test can mount it as a
/// cache element and look at the store directly, or wrap it (<see cref="GatedStore"/>), as it can a dbfs.
/// </summary>
internal sealed class MemoryStoreProvider(string label, TimeProvider clock)
    : CacheStoreDecorator(new MemoryFileSystem(label, clock), new MemoryCacheStore(clock));
