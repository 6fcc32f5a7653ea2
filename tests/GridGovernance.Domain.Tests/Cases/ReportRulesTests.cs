using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class ReportRulesTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("13812345678", true)]
    [InlineData(" 19912345678 ", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("0771-1234567", false)]
    public void A_phone_is_optional_but_must_be_an_11_digit_mobile_when_given(string? phone, bool ok) =>
        (ReportRules.PhoneProblem(phone) is null).ShouldBe(ok);

    [Fact]
    public void A_description_must_say_something_and_stay_within_2000_characters()
    {
        ReportRules.DescriptionProblem("  ").ShouldBe("请描述您遇到的问题。");
        ReportRules.DescriptionProblem("垃圾").ShouldNotBeNull();
        ReportRules.DescriptionProblem("路口垃圾桶满了三天").ShouldBeNull();
        ReportRules.DescriptionProblem(new string('字', 2000)).ShouldBeNull();
        ReportRules.DescriptionProblem(new string('字', 2001))!.ShouldContain("2001");
    }

    [Fact]
    public void A_position_needs_both_coordinates_in_range()
    {
        ReportRules.PositionProblem(null, null).ShouldBeNull();
        ReportRules.PositionProblem(106.56, 24.35).ShouldBeNull();
        ReportRules.PositionProblem(106.56, null).ShouldNotBeNull();
        ReportRules.PositionProblem(200, 24).ShouldNotBeNull();
        ReportRules.PositionProblem(double.NaN, 24).ShouldNotBeNull();
    }
}
