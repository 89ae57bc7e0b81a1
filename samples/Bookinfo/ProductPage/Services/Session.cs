namespace Bookinfo.ProductPage.Services;

/// <summary>
/// Who is signed in. Istio keeps the user in Flask's "session" cookie, signed with a key published in
/// its source, so the signature protects nothing; a plain cookie of the same name is as trustworthy
/// and lets a test sign in by sending <c>Cookie: session=jason</c>. The user only steers routing
/// (the <c>end-user</c> header), never access to anything.
/// </summary>
internal static class Session
{
    public const string CookieName = "session";

    public static string? User(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var user) && !string.IsNullOrWhiteSpace(user) ? user : null;

    public static void SignIn(HttpResponse response, string user) =>
        response.Cookies.Append(CookieName, user, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });

    public static void SignOut(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
