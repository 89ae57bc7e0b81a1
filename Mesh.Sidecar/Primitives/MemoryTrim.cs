namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Gives memory the sidecar is not using back to the operating system: one compacting, decommitting collection (the
/// GC keeps the pages it collected in its regions for the next allocations) and the program image's clean pages
/// (<see cref="ProgramImage"/>). A few milliseconds; run when the sidecar has no traffic to slow.
/// </summary>
internal static class MemoryTrim
{
    /// <summary>Trims; returns the resident MiB before and after and the MiB of the image let go.</summary>
    public static (long BeforeMiB, long AfterMiB, long ImageMiB) Run()
    {
        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var image = ProgramImage.TrimStartupPages();
        return (before / Mebibyte, Environment.WorkingSet / Mebibyte, image / Mebibyte);
    }

    private const long Mebibyte = 1024 * 1024;
}
