using System.Text.Json;
using Mesh.ControlPlane.Api.Access;
using Mesh.ControlPlane.Graph;
using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mesh.ControlPlane.Api;

/// <summary>
/// The routes sidecars call: the push stream and the periodic report, each with the workload's bootstrap token, plus
/// the raw list of sidecars.
/// </summary>
internal static partial class SidecarApi
{
    /// <summary>Every connected sidecar, serving or not; what each one applied is in the configuration status view.</summary>
    public const string SidecarsRoute = ControlPlaneRoutes.Sidecars;

    public static IEndpointRouteBuilder MapSidecarApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(ControlPlaneRoutes.Stream, OpenStreamAsync).Accepting(ContentTypes.Json);
        endpoints.MapPost(ControlPlaneRoutes.Report, ReportAsync).Accepting(ContentTypes.Json);
        endpoints.MapGet(SidecarsRoute, (WorkloadRegistry registry) =>
            TypedResults.Json(registry.GetEntries(), MeshJsonContext.Default.IReadOnlyListRegistryEntry));
        return endpoints;
    }

    private static async Task<IResult> OpenStreamAsync(
        string workload, HttpContext context, WorkloadAuthentication authentication, SidecarStreamHandler streams, ILogger<SidecarStreamHandler> logger)
    {
        var (declared, refusal) = authentication.Authenticate(context, workload);
        if (declared is null)
        {
            return refusal!;
        }

        WorkloadRegistration? claimed;
        try
        {
            claimed = await JsonSerializer.DeserializeAsync(
                context.Request.Body, MeshJsonContext.Default.WorkloadRegistration, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return InvalidBody("Invalid registration", ex.Message);
        }

        if (claimed is null)
        {
            return InvalidBody("Invalid registration", "The body must be a registration object, not null.");
        }

        claimed = RegistrationValidator.ApplyDefaults(claimed);
        if (RegistrationValidator.Validate(workload, claimed) is { } error)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [error.Field] = [error.Message] },
                detail: error.Message,
                title: "Invalid registration");
        }

        var registration = RegistrationValidator.FromDeclaration(declared, claimed);
        foreach (var (field, claimedValue, declaredValue) in RegistrationValidator.Differences(registration, claimed))
        {
            Log.ClaimIgnored(logger, workload, field, claimedValue, declaredValue);
        }

        // What the sidecar serves concerns this stream only, not the registry's entry.
        await streams.RunAsync(context, registration with { ServingVersion = null }, resuming: claimed.ServingVersion is not null).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> ReportAsync(string workload, HttpContext context, WorkloadAuthentication authentication, WorkloadRegistry registry,
        TrafficGraph graph)
    {
        var (declared, refusal) = authentication.Authenticate(context, workload);
        if (declared is null)
        {
            return refusal!;
        }

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

        if (EdgeReportValidator.Validate(workload, report.Edges) is { } problem)
        {
            return InvalidBody("Invalid report", problem);
        }

        if (registry.Report(workload, report))
        {
            graph.Record(report.Edges);
            return TypedResults.NoContent();
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not registered",
            detail: $"Workload '{workload}' has no open stream; open {ControlPlaneRoutes.StreamFor(workload)} again.");
    }

    private static ProblemHttpResult InvalidBody(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Warning,
            Message = "Workload {Workload} registered with {Field} '{Claimed}'; the AppHost declared '{Declared}', which is what the mesh uses")]
        public static partial void ClaimIgnored(ILogger logger, string workload, string field, string claimed, string declared);
    }
}
