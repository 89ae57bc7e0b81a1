using System.Diagnostics;
using System.Globalization;

namespace Mesh.Bench.Topology;

/// <summary>
/// nginx as the reference proxy: one server per hop, each its own master with one worker (the sidecars are
/// one process each), upstream keep-alive on, access log off.
/// </summary>
internal static class Nginx
{
    private static readonly string[] s_candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

    /// <summary>The nginx binary, or null when nginx is not installed.</summary>
    public static string? Find()
    {
        foreach (var candidate in s_candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "nginx");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>nginx's version, e.g. <c>1.22.1</c> (it prints it to standard error).</summary>
    public static string Version(string nginx)
    {
        using var process = Process.Start(new ProcessStartInfo(nginx, "-v") { RedirectStandardError = true, UseShellExecute = false })!;
        var text = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? text[(slash + 1)..] : text;
    }

    /// <summary>Starts one nginx server on <paramref name="port"/> that proxies everything to <paramref name="upstreamPort"/>.</summary>
    public static ChildProcess Start(string nginx, string name, string directory, int port, int upstreamPort)
    {
        System.IO.Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(config, Config(directory, port, upstreamPort));
        return ChildProcess.Start(name, nginx, ["-p", directory, "-c", config], []);
    }

    // keepalive_requests: nginx closes a connection after 1000 requests by default (client side and upstream
    // side); Kestrel and SocketsHttpHandler do not, so nginx would pay reconnects the sidecars never pay.
    private static string Config(string directory, int port, int upstreamPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes 1;
        daemon off;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;
        events {
            worker_connections 4096;
        }
        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            keepalive_requests 1000000;
            keepalive_timeout 75s;
            upstream next {
                server 127.0.0.1:{{upstreamPort}};
                keepalive 128;
                keepalive_requests 1000000;
                keepalive_timeout 75s;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://next;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }
        """);
}
