using System.Globalization;
using System.Text;

namespace Mesh.Model.Conventions;

/// <summary>
/// Durations as Istio writes them: Go's <c>time.ParseDuration</c> format, which includes protobuf's
/// <c>"1.5s"</c>: <c>"0.5s"</c>, <c>"10s"</c>, <c>"1m"</c>, <c>"100ms"</c>, <c>"1h30m"</c>. The Gateway API's
/// durations (<c>"10s"</c>, <c>"500ms"</c>) are a subset.
/// </summary>
public static class IstioDuration
{
    /// <summary>
    /// The longest duration Istio reads: Go's <c>time.Duration</c> is an int64 of nanoseconds, so
    /// <c>time.ParseDuration</c> refuses anything past 2562047h47m16.854775807s (about 292 years).
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration, or one longer than <see cref="Maximum"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>As <see cref="TryParse(string?, out TimeSpan)"/>; <paramref name="overflow"/> tells a duration longer than <see cref="Maximum"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out bool overflow)
    {
        value = TimeSpan.Zero;
        overflow = false;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span is "0")
        {
            return true;
        }

        if (span.IsEmpty)
        {
            return false;
        }

        decimal total = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < span.Length && !char.IsAsciiDigit(span[numberLength + unitLength]) && span[numberLength + unitLength] != '.')
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !decimal.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || !TryTicksPerUnit(span.Slice(numberLength, unitLength), out var ticksPerUnit))
            {
                return false;
            }

            // Compared before multiplying: the product of a long number and a large unit would overflow decimal itself.
            if (number > Maximum.Ticks / ticksPerUnit)
            {
                overflow = true;
                return false;
            }

            total += number * ticksPerUnit;
            if (total > Maximum.Ticks)
            {
                overflow = true;
                return false;
            }

            span = span[(numberLength + unitLength)..];
        }

        var ticks = (long)decimal.Truncate(total);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats a duration the way Istio shows it: <c>1h30m</c>, <c>7s</c>, <c>1.5s</c>, <c>100ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Duration();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return builder.Append((decimal)value.Ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString();
        }

        if (value.TotalHours >= 1)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h");
        }

        if (value.Minutes > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        var seconds = (decimal)(value.Ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerSecond;
        if (seconds > 0)
        {
            builder.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return builder.ToString();
    }

    private static bool TryTicksPerUnit(ReadOnlySpan<char> unit, out decimal ticks)
    {
        ticks = unit switch
        {
            "ns" => 0.01m,
            "us" or "µs" or "μs" => 10,
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => 0,
        };
        return ticks > 0;
    }
}
