namespace Burgerbaan.Api.Common;

public static class EndpointConventions
{
    /// <summary>The problems every PATCH with If-Match can answer: invalid, unknown, stale, or without If-Match.</summary>
    public static RouteHandlerBuilder ProducesPatchProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
