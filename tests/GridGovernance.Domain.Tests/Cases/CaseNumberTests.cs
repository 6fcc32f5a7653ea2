using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class CaseNumberTests
{
    [Fact]
    public void A_number_is_the_kind_letter_the_category_the_day_and_a_four_digit_sequence() =>
        CaseNumber.Create(CaseKind.Event, 1, 2, new DateOnly(2026, 11, 22), 7).ToString().ShouldBe("E0102202611220007");

    [Fact]
    public void A_component_number_starts_with_C() =>
        CaseNumber.Create(CaseKind.Component, 1, 1, new DateOnly(2026, 1, 5), 9999).ToString().ShouldBe("C0101202601059999");

    [Theory]
    [InlineData("E0102202611220007")]
    [InlineData("C0601202602280001")]
    public void Formatting_a_parsed_number_gives_it_back(string text) => CaseNumber.TryParse(text)!.ToString().ShouldBe(text);

    [Fact]
    public void Parsing_reads_every_part()
    {
        var number = CaseNumber.TryParse("C0302202612310123")!;
        number.ShouldBe(new CaseNumber(CaseKind.Component, 3, 2, new DateOnly(2026, 12, 31), 123));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("X0102202611220007")]  // neither E nor C
    [InlineData("E010220261122007")]   // sequence of 3 digits
    [InlineData("E01022026112200071")] // a 5-digit sequence under 10000 (0007 has one spelling)
    [InlineData("E010220261122100001")] // too long
    [InlineData("E0102202613220007")]  // month 13
    [InlineData("E0102202602300007")]  // 30 February
    [InlineData("E0002202611220007")]  // 大类 00
    [InlineData("E0100202611220007")]  // 小类 00
    [InlineData("E0102202611220000")]  // sequence 0
    [InlineData("E01O2202611220007")]  // a letter O among the digits
    public void Malformed_numbers_do_not_parse(string? text) => CaseNumber.TryParse(text).ShouldBeNull();

    [Fact]
    public void A_day_beyond_9999_cases_goes_on_with_a_five_digit_sequence()
    {
        var number = CaseNumber.Create(CaseKind.Event, 1, 1, new DateOnly(2026, 1, 1), 10000);
        number.ToString().ShouldBe("E010120260101" + "10000");
        CaseNumber.TryParse("E01012026010110000").ShouldBe(number);
        CaseNumber.TryParse("E01012026010199999")!.Sequence.ShouldBe(99999);
    }

    [Fact]
    public void A_sequence_beyond_99999_is_refused_in_Chinese() =>
        Should.Throw<ArgumentException>(() => CaseNumber.Create(CaseKind.Event, 1, 1, new DateOnly(2026, 1, 1), 100000))
            .Message.ShouldContain("当日序号");

    [Fact]
    public void Category_codes_parse_and_format()
    {
        CaseCategoryCode.TryParse("E0102").ShouldBe(new CaseCategoryCode(CaseKind.Event, 1, 2));
        CaseCategoryCode.TryParse("C0601")!.ToString().ShouldBe("C0601");
        CaseCategoryCode.TryParse("E0100").ShouldBeNull();
        CaseCategoryCode.TryParse("Z0101").ShouldBeNull();
        CaseCategoryCode.TryParse("E010").ShouldBeNull();
    }
}
