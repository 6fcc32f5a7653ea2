using GridGovernance.Domain.Privacy;

namespace GridGovernance.Domain.Tests.Privacy;

public class PhoneMaskTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData(" 13812345678 ", "138****5678")]
    [InlineData("1234567", "1234567")]
    [InlineData("12345", "*****")]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void Phones_show_the_first_three_and_last_four_digits_only(string? phone, string? masked) =>
        PhoneMask.Mask(phone).ShouldBe(masked);
}
