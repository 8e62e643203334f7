using Rotation.Shared.Admin;

namespace Rotation.Shared.Tests.Admin;

/// <summary>Named admin tokens: who presented a token, and the rules that keep tokens distinct and strong enough.</summary>
public sealed class NamedAdminTokensTests
{
    private const string Primary = "primary-token-0123456789";

    [Fact]
    public void The_name_of_the_token_presented_is_returned_and_nothing_else_matches()
    {
        var tokens = new NamedAdminTokens(Primary, NamedAdminTokens.Parse("alice=alice-token-0123456789, ci.pipeline=ci-token-0123456789-xyz"));

        Assert.Equal(["admin", "alice", "ci.pipeline"], tokens.Names);
        Assert.Equal("admin", tokens.NameOf(Primary));
        Assert.Equal("alice", tokens.NameOf("alice-token-0123456789"));
        Assert.Equal("ci.pipeline", tokens.NameOf("ci-token-0123456789-xyz"));
        foreach (var wrong in new[] { null, "", "alice", "alice-token-012345678", "alice-token-0123456789 ", "ALICE-TOKEN-0123456789", "alice=alice-token-0123456789" })
            Assert.Null(tokens.NameOf(wrong));
    }

    [Theory]
    [InlineData("alice=short", "at least 16")]
    [InlineData("admin=reserved-name-0123456789", "service's own token")]
    [InlineData("alice=alice-token-0123456789,alice=another-token-0123456789", "twice")]
    [InlineData("alice", "name=token")]
    [InlineData("=nameless-token-0123456789", "name=token")]
    [InlineData("al ice=alice-token-0123456789", "letters, digits")]
    [InlineData("alice=alice token 0123456789", "no whitespace")]
    public void Malformed_or_weak_token_lists_are_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => NamedAdminTokens.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_shared_by_two_callers_is_refused_because_the_audit_could_not_tell_them_apart()
    {
        Assert.Throws<ArgumentException>(() => new NamedAdminTokens(Primary, new Dictionary<string, string> { ["alice"] = Primary }));
        Assert.Throws<ArgumentException>(() => new NamedAdminTokens(Primary, new Dictionary<string, string> { ["alice"] = "same-token-0123456789", ["bob"] = "same-token-0123456789" }));
    }
}
