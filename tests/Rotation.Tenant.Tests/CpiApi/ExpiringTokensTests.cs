using Microsoft.Extensions.Time.Testing;
using Rotation.Tenant.CpiApi;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>Access tokens and CSRF sessions: expiry on the injected clock, bounded memory.</summary>
public sealed class ExpiringTokensTests
{
    [Fact]
    public void A_token_names_its_value_until_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new ExpiringTokens<string>(time);
        (var token, var expires) = tokens.Issue("ci", TimeSpan.FromMinutes(5));
        Assert.Equal(time.GetUtcNow().AddMinutes(5), expires);
        Assert.Equal("ci", tokens.Find(token));
        Assert.Null(tokens.Find(token + "x"));
        Assert.Null(tokens.Find(null));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(tokens.Find(token));
    }

    [Fact]
    public void Past_the_capacity_the_token_closest_to_expiry_goes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new ExpiringTokens<string>(time, capacity: 2);
        (var first, _) = tokens.Issue("first", TimeSpan.FromMinutes(1));
        (var second, _) = tokens.Issue("second", TimeSpan.FromMinutes(10));
        (var third, _) = tokens.Issue("third", TimeSpan.FromMinutes(10));
        Assert.Null(tokens.Find(first));
        Assert.Equal("second", tokens.Find(second));
        Assert.Equal("third", tokens.Find(third));
    }
}
