using System.Reflection;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;

namespace GridGovernance.Integration.Tests.Database;

public class StateSqlTests
{
    [Fact]
    public void Every_sql_state_literal_is_the_domain_set_of_the_same_name_word_for_word()
    {
        var constants = typeof(StateSql).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        constants.Count.ShouldBeGreaterThan(0);
        foreach (var constant in constants)
        {
            StateSets.Named.ContainsKey(constant.Name).ShouldBeTrue($"StateSql.{constant.Name} 没有同名的领域集合");
            // Word for word, in the domain's order: the partial indexes' predicates are compared as text by the planner.
            ((string)constant.GetRawConstantValue()!).ShouldBe(StateSets.Sql(StateSets.Named[constant.Name]), $"StateSql.{constant.Name}");
        }
    }
}
