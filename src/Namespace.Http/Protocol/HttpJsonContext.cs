using System.Text.Json.Serialization;

namespace Namespace.Http.Protocol;

/// <summary>Source-generated JSON for the protocol documents (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ListingDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(ChangeDocument))]
[JsonSerializable(typeof(ResetDocument))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
