using Mesh.Sidecar.Outbound.Concrete;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class OutlierDetectorTests
{
    private static readonly string[] Three = ["a", "b", "c"];

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Record_FiveConsecutive503_Ejects()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });

        Fail(detector, "a", 4);
        Assert.False(detector.IsEjected("a"));

        Fail(detector, "a", 1);
        Assert.True(detector.IsEjected("a"));
        Assert.Equal(["a"], detector.Ejected);
    }

    [Fact]
    public void Record_SuccessInBetween_ResetsTheCount()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });

        Fail(detector, "a", 4);
        detector.Record("a", 200, connectFailure: false);
        Fail(detector, "a", 4);

        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void Record_ConnectFailures_CountAsFailures()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });

        for (var i = 0; i < 5; i++)
        {
            detector.Record("a", 0, connectFailure: true);
        }

        Assert.True(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_AfterBaseEjectionTime_Returns()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 5);

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.True(detector.IsEjected("a"));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(detector.IsEjected("a"));
        Assert.Empty(detector.Ejected);
    }

    [Fact]
    public void IsEjected_SecondEjectionInARow_LastsTwiceAsLong()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 5);
        _time.Advance(TimeSpan.FromSeconds(30));

        Fail(detector, "a", 5);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(detector.IsEjected("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_FiveFailuresJustAfterReturning_DoNotCountFromBeforeTheEjection()
    {
        // The counters restart when an endpoint returns: one more failure must not eject it again at once.
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 5);
        _time.Advance(TimeSpan.FromSeconds(30));

        Fail(detector, "a", 1);

        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_HealthyForAnIntervalAfterReturning_MultiplierDecaysByOne()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 5);                      // 30 s (multiplier 1)
        _time.Advance(TimeSpan.FromSeconds(30));
        Fail(detector, "a", 5);                      // 60 s (multiplier 2)
        _time.Advance(TimeSpan.FromSeconds(60 + 10)); // back, then one healthy 10 s interval: multiplier 1

        Fail(detector, "a", 5);                      // multiplier 2 again: 60 s, not 90 s

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(detector.IsEjected("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_HealthyForLongAfterReturning_BackToBaseEjectionTime()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 5);
        _time.Advance(TimeSpan.FromSeconds(30));
        Fail(detector, "a", 5);
        _time.Advance(TimeSpan.FromSeconds(60 + 100));

        Fail(detector, "a", 5);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(detector.IsEjected("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_RepeatedEjections_CappedAtEnvoysMaxEjectionTime()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        for (var i = 1; i <= 15; i++)
        {
            Fail(detector, "a", 5);
            _time.Advance(TimeSpan.FromSeconds(Math.Min(30 * i, 300) - 1));
            Assert.True(detector.IsEjected("a"));
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(detector.IsEjected("a"));
        }
    }

    [Fact]
    public void Record_TenPercentOfThree_OnlyOneEjectedAtATime()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 10 });

        Fail(detector, "a", 5);
        Fail(detector, "b", 5);

        Assert.True(detector.IsEjected("a"));
        Assert.False(detector.IsEjected("b"));
        Assert.Equal(["a"], detector.Ejected);
    }

    [Fact]
    public void Record_CapFreedUp_StillFailingEndpointEjectedOnItsNextFailure()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 10 });
        Fail(detector, "a", 5);
        Fail(detector, "b", 5);
        _time.Advance(TimeSpan.FromSeconds(30));

        Fail(detector, "b", 1);

        Assert.True(detector.IsEjected("b"));
        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void Record_HundredPercent_AllMayBeEjected()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });

        foreach (var key in Three)
        {
            Fail(detector, key, 5);
        }

        Assert.All(Three, key => Assert.True(detector.IsEjected(key)));
        Assert.Equal(Three, detector.Ejected);
    }

    [Fact]
    public void Record_ZeroPercent_NeverEjects()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 0 });

        Fail(detector, "a", 10);

        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void IsEjected_BelowMinHealthPercent_PanicsAndUsesEveryEndpoint()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100, MinHealthPercent = 50 });

        Fail(detector, "a", 5);
        Assert.True(detector.IsEjected("a")); // 2 of 3 healthy: 67% >= 50%

        Fail(detector, "b", 5);                 // 1 of 3 healthy: 33% < 50%
        Assert.False(detector.IsEjected("a"));
        Assert.False(detector.IsEjected("b"));
        Assert.Equal(["a", "b"], detector.Ejected);
    }

    [Fact]
    public void Record_GatewayCounter_CountsOnly502To504()
    {
        var detector = Detector(new OutlierSettings { Consecutive5xxErrors = 0, ConsecutiveGatewayErrors = 3, MaxEjectionPercent = 100 });

        Fail(detector, "a", 5, status: 500);
        Assert.False(detector.IsEjected("a"));

        detector.Record("b", 502, connectFailure: false);
        detector.Record("b", 503, connectFailure: false);
        detector.Record("b", 504, connectFailure: false);
        Assert.True(detector.IsEjected("b"));
    }

    [Fact]
    public void Record_GatewayCounter_ResetByOther5xx()
    {
        // As Envoy: a 500 is a 5xx but not a gateway error, so it breaks a run of gateway errors.
        var detector = Detector(new OutlierSettings { Consecutive5xxErrors = 0, ConsecutiveGatewayErrors = 3, MaxEjectionPercent = 100 });

        detector.Record("a", 503, connectFailure: false);
        detector.Record("a", 503, connectFailure: false);
        detector.Record("a", 500, connectFailure: false);
        detector.Record("a", 503, connectFailure: false);

        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void Record_BothCountersOff_NeverEjects()
    {
        var detector = Detector(new OutlierSettings { Consecutive5xxErrors = 0, ConsecutiveGatewayErrors = 0, MaxEjectionPercent = 100 });

        Fail(detector, "a", 50);

        Assert.False(detector.IsEjected("a"));
    }

    [Fact]
    public void SetEndpoints_EjectedEndpointRemoved_ForgottenAndFreesTheCap()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 10 });
        Fail(detector, "a", 5);

        detector.SetEndpoints(["b", "c"]);
        Fail(detector, "b", 5);

        Assert.False(detector.IsEjected("a"));
        Assert.True(detector.IsEjected("b"));
        Assert.Equal(["b"], detector.Ejected);
    }

    [Fact]
    public void SetEndpoints_KeptEndpoint_KeepsItsCount()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });
        Fail(detector, "a", 4);

        detector.SetEndpoints(["a", "d"]);
        Fail(detector, "a", 1);

        Assert.True(detector.IsEjected("a"));
    }

    [Fact]
    public void Record_UnknownEndpoint_Ignored()
    {
        var detector = Detector(new OutlierSettings { MaxEjectionPercent = 100 });

        Fail(detector, "zz", 5);

        Assert.False(detector.IsEjected("zz"));
        Assert.Empty(detector.Ejected);
    }

    private OutlierDetector Detector(OutlierSettings settings)
    {
        var detector = new OutlierDetector(settings, _time);
        detector.SetEndpoints(Three);
        return detector;
    }

    private static void Fail(OutlierDetector detector, string key, int times, int status = 503)
    {
        for (var i = 0; i < times; i++)
        {
            detector.Record(key, status, connectFailure: false);
        }
    }
}
