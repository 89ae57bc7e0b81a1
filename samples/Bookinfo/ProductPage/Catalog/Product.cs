using System.Text.Json.Serialization;

namespace Bookinfo.ProductPage.Catalog;

/// <summary>A book on sale; <see cref="DescriptionHtml"/> is trusted markup, rendered unescaped.</summary>
internal sealed record Product(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("descriptionHtml")] string DescriptionHtml)
{
    /// <summary>Istio's catalogue: one book, id 0.</summary>
    public static readonly IReadOnlyList<Product> All =
    [
        new(0, "The Comedy of Errors",
            "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare's</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play."),
    ];
}
