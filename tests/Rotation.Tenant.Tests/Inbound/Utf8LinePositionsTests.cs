using System.Text;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>The reader's line and position map back to UTF-8 bytes as the reader counts them (docs/DESIGN.md §10).</summary>
public sealed class Utf8LinePositionsTests
{
    [Theory]
    [InlineData("abc", 1, 1, 0)]
    [InlineData("abc", 1, 3, 2)]
    [InlineData("a\nbc", 2, 2, 3)]
    [InlineData("a\r\nbc", 2, 1, 3)]
    [InlineData("a\rbc", 2, 2, 3)]
    [InlineData("a\r\rbc", 3, 1, 3)]
    [InlineData("ü€x", 1, 3, 5)]
    [InlineData("\ud83d\ude9ax", 1, 3, 4)]
    public void A_position_is_the_byte_offset_of_its_character(string text, int line, int position, int expected) =>
        Assert.Equal(expected, Utf8LinePositions.ByteOffset(Encoding.UTF8.GetBytes(text), line, position));

    [Fact]
    public void A_byte_order_mark_is_not_counted() =>
        Assert.Equal(4, Utf8LinePositions.ByteOffset([.. Encoding.UTF8.GetPreamble(), .. "a<b"u8], 1, 2));

    [Theory]
    [InlineData(3, 1)]
    [InlineData(1, 9)]
    public void A_position_beyond_the_document_has_no_offset(int line, int position) =>
        Assert.Null(Utf8LinePositions.ByteOffset("ab\ncd"u8, line, position));
}
