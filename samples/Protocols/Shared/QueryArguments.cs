using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Protocols.Shared;

/// <summary>
/// Reads a whole-number query argument within bounds; anything else is a 400 naming the argument, its value and what
/// was expected (minimal APIs' own binding answers a bare 400). Shared by the sample's HTTP apps (linked into each).
/// </summary>
internal static class QueryArguments
{
    public static bool TryRead(HttpRequest request, string name, int min, int max, int fallback, out int value, out IResult? error)
    {
        var text = request.Query[name].ToString();
        error = null;
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = Results.Problem(
            string.Create(CultureInfo.InvariantCulture, $"Query argument '{name}' is '{text}'; expected a whole number from {min} to {max}."),
            statusCode: StatusCodes.Status400BadRequest);
        return false;
    }
}
