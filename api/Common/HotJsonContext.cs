using System.Text.Json.Serialization;
using Burgerbaan.Contracts;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Compile-time JSON metadata for the contracts on the hot paths (headroom, payouts, the hour list), first in the resolver chain; every
/// other type still goes to the reflection resolver after it. Metadata mode only, no generated fast path: the fast path
/// would bake in this context's own options, while metadata defers to the service's (NodaTime, strict enums and
/// numbers, safe text, unknown fields refused), which <see cref="NodaTimeJson"/> sets for both.
/// Problem documents are not listed: ASP.NET Core writes them through its own generated context.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(AllowanceHeadroomResponse))]
[JsonSerializable(typeof(PayoutResponse))]
[JsonSerializable(typeof(Page<PayoutResponse>))]
[JsonSerializable(typeof(CreatePayoutRequest))]
[JsonSerializable(typeof(Page<HourEntryResponse>))]
internal sealed partial class HotJsonContext : JsonSerializerContext;
