namespace Bookinfo.ProductPage.Views;

/// <summary>Istio's landing page: the services behind the page and two links that generate traffic.</summary>
internal static class IndexView
{
    public static string Render() => Layout.Page("Simple Bookstore App", string.Empty, """
        <h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3>
        <table>
        <thead><tr><th>service</th><th>address</th><th>calls</th></tr></thead>
        <tbody>
        <tr><td>productpage</td><td>(this page)</td><td>details, reviews</td></tr>
        <tr><td>details</td><td>http://details/details</td><td></td></tr>
        <tr><td>reviews</td><td>http://reviews/reviews</td><td>ratings</td></tr>
        <tr><td>ratings</td><td>http://ratings/ratings</td><td></td></tr>
        </tbody>
        </table>
        <p>Click on one of the links below to auto generate a request to the backend as a real user or a tester</p>
        <ul>
        <li><a href="/productpage?u=normal">Normal user</a></li>
        <li><a href="/productpage?u=test">Test user</a></li>
        </ul>
        """);
}
