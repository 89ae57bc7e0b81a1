using System.Text.Json;
using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mesh.ControlPlane.Api;

/// <summary>The routes sidecars call: the push stream and the periodic report, plus the raw list of sidecars.</summary>
internal static class SidecarApi
{
    /// <summary>Every connected sidecar, serving or not; what each one applied is in the configuration status view.</summary>
    public const string SidecarsRoute = ControlPlaneRoutes.Sidecars;

    public static IEndpointRouteBuilder MapSidecarApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(ControlPlaneRoutes.Stream, OpenStreamAsync);
        endpoints.MapPost(ControlPlaneRoutes.Report, ReportAsync);
        endpoints.MapGet(SidecarsRoute, (WorkloadRegistry registry) =>
            TypedResults.Json(registry.GetEntries(), MeshJsonContext.Default.IReadOnlyListRegistryEntry));
        return endpoints;
    }

    private static async Task<IResult> OpenStreamAsync(string workload, HttpContext context, SidecarStreamHandler streams)
    {
        WorkloadRegistration? registration;
        try
        {
            registration = await JsonSerializer.DeserializeAsync(
                context.Request.Body, MeshJsonContext.Default.WorkloadRegistration, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return InvalidBody("Invalid registration", ex.Message);
        }

        if (registration is null)
        {
            return InvalidBody("Invalid registration", "The body must be a registration object, not null.");
        }

        registration = RegistrationValidator.ApplyDefaults(registration);
        if (RegistrationValidator.Validate(workload, registration) is { } error)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [error.Field] = [error.Message] },
                detail: error.Message,
                title: "Invalid registration");
        }

        await streams.RunAsync(context, registration).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> ReportAsync(string workload, HttpContext context, WorkloadRegistry registry)
    {
        SidecarReport? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync(
                context.Request.Body, MeshJsonContext.Default.SidecarReport, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return InvalidBody("Invalid report", ex.Message);
        }

        if (report is null)
        {
            return InvalidBody("Invalid report", "The body must be a report object, not null.");
        }

        return registry.Report(workload, report)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not registered",
                detail: $"Workload '{workload}' has no open stream; open {ControlPlaneRoutes.StreamFor(workload)} again.");
    }

    private static ProblemHttpResult InvalidBody(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
