namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Durations from configuration as the runtime's timers can take them. Istio accepts any duration Go can write (up to
/// about 292 years: <c>timeout: 1200h</c> is valid), while .NET's timers stop short of that: <c>CancelAfter</c>,
/// <c>Task.Delay</c> and <see cref="ITimer"/> take at most about 49.7 days, <c>SocketsHttpHandler.ConnectTimeout</c>
/// about 24.8 days. As Envoy clamps a timer duration it cannot represent to the longest it can, a longer duration here
/// acts as the longest all of them take; a timer that far out never fires in a development run anyway.
/// </summary>
internal static class RuntimeDuration
{
    /// <summary><see cref="int.MaxValue"/> milliseconds (24 days, 20 hours, 31 minutes): every timer above takes it.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary><paramref name="value"/>, at most <see cref="Max"/>, and never negative.</summary>
    public static TimeSpan Clamp(TimeSpan value) =>
        value > Max ? Max : value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
