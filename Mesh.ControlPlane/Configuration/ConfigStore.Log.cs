using Mesh.Model.Validation;

namespace Mesh.ControlPlane.Configuration;

internal sealed partial class ConfigStore
{
    private void LogDiagnostics(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.IsError)
            {
                Log.Error(_logger, diagnostic.ToString());
            }
            else
            {
                Log.Warning(_logger, diagnostic.ToString());
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Configuration {Version} in force: {Resources} from {Source}")]
        public static partial void Applied(ILogger logger, long version, string resources, string source);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Configuration {Version} in force: deleted {Resource}")]
        public static partial void Deleted(ILogger logger, long version, string resource);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Refused {Resources}; the previous configuration stays in force:\n{Errors}")]
        public static partial void Refused(ILogger logger, string resources, string errors);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Refused the change to {File}; its last good version stays in force:\n{Errors}")]
        public static partial void FileRefused(ILogger logger, string file, string errors);

        [LoggerMessage(EventId = 308, Level = LogLevel.Warning,
            Message = "Replaying {Count} run-time change(s) saved in {Path}: {Resources}. They stay in force until deleted; clear them all with the mesh's 'Clear run-time changes' command in the dashboard or an authenticated DELETE {ClearRoute}")]
        public static partial void Replaying(ILogger logger, int count, string path, string resources, string clearRoute);

        [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "Configuration {Version} in force: cleared {Count} run-time resource(s)")]
        public static partial void Cleared(ILogger logger, long version, int count);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "{Diagnostic}")]
        public static partial void Error(ILogger logger, string diagnostic);

        [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "{Diagnostic}")]
        public static partial void Warning(ILogger logger, string diagnostic);
    }
}
