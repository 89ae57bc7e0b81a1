using System.Net;

namespace Bookinfo.ProductPage.Views;

/// <summary>The page frame shared by the index and the product page: plain HTML and inline CSS, no assets.</summary>
internal static class Layout
{
    private const string Css = """
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #fff; }
        nav { background: #1f2937; color: #f9fafb; }
        nav .bar, main { max-width: 64rem; margin: 0 auto; padding: 0 1.5rem; }
        nav .bar { display: flex; align-items: center; justify-content: space-between; min-height: 4rem; gap: 1rem; flex-wrap: wrap; }
        nav .brand { color: #fff; font-size: 1.2rem; font-weight: 600; text-decoration: none; }
        nav form { display: flex; gap: .5rem; }
        nav input { padding: .4rem .6rem; border: 0; border-radius: .3rem; }
        nav a, nav .user { color: #d1d5db; }
        button, .button { background: #2563eb; color: #fff; border: 0; border-radius: .3rem; padding: .45rem .9rem; font-weight: 600; cursor: pointer; text-decoration: none; }
        h1 { font-size: 2.6rem; color: #1e3a8a; margin: 2rem 0 1rem; }
        .description { font-size: 1.15rem; line-height: 1.7; color: #4b5563; max-width: 48rem; }
        table { border-collapse: collapse; margin-top: .5rem; }
        th, td { text-align: left; padding: .45rem 1rem .45rem 0; border-bottom: 1px solid #e5e7eb; }
        th { font-weight: 600; }
        .reviews { background: #f3f6fd; margin: 2rem -1.5rem; padding: 1.5rem; }
        .reviews-head { display: flex; align-items: baseline; gap: 1rem; }
        .badge { font-family: ui-monospace, monospace; font-size: .85rem; background: #dbeafe; color: #1e40af; padding: .15rem .5rem; border-radius: .3rem; }
        .review-list { display: flex; flex-wrap: wrap; gap: 2rem; }
        .review { flex: 1 1 18rem; }
        .stars { font-size: 1.4rem; letter-spacing: .1rem; }
        blockquote { margin: 1rem 0; font-size: 1.25rem; font-weight: 600; }
        .reviewer { font-weight: 600; margin: 0; }
        .served-by { font-family: ui-monospace, monospace; font-size: .85rem; color: #4b5563; margin: .2rem 0 0; }
        .error { color: #dc2626; font-size: 1.4rem; margin: 0 0 .5rem; }
        .rating-error { color: #dc2626; font-style: italic; }
        """;

    public static string Page(string title, string navExtra, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title>
        <style>
        {Css}
        </style>
        </head>
        <body>
        <nav><div class="bar"><a class="brand" href="productpage">BookInfo Sample</a>{navExtra}</div></nav>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    /// <summary>Sign-in form, or the signed-in user and a sign-out link (Istio's login and logout routes).</summary>
    public static string UserBar(string? user) => user is null
        ? """
          <form method="post" action="login" name="login_form">
          <input id="username" name="username" placeholder="Username" required>
          <input id="password" name="passwd" type="password" placeholder="Password">
          <button type="submit">Sign in</button>
          </form>
          """
        : $"""<div><span class="user">Signed in as <b>{Encode(user)}</b></span> <a class="button" href="logout">Sign out</a></div>""";

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
