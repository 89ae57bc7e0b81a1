global using System.Net;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
global using Microsoft.AspNetCore.Http;
global using Mesh.Model.Conventions;
global using Mesh.Model.Snapshots;
