namespace Burgerbaan.Api.Common;

public static class EndpointConventions
{
    /// <summary>The problems every PATCH with If-Match can answer: invalid, unknown, stale, or without If-Match.</summary>
    public static RouteHandlerBuilder ProducesPatchProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>
    /// A route that checks If-Match when it is sent but does not require it (state transitions, extensions), so the
    /// document declares the header as optional there; every PATCH requires it.
    /// </summary>
    public static RouteHandlerBuilder HonoursIfMatch(this RouteHandlerBuilder route) => route.WithMetadata(IfMatchHonoured.Instance);
}

/// <summary>Endpoint metadata set by <see cref="EndpointConventions.HonoursIfMatch"/>.</summary>
public sealed class IfMatchHonoured
{
    public static readonly IfMatchHonoured Instance = new();

    private IfMatchHonoured()
    {
    }
}
