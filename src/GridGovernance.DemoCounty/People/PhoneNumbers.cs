using System.Text;
using GridGovernance.DemoCounty.Randomness;

namespace GridGovernance.DemoCounty.People;

/// <summary>
/// Fictitious mobile numbers shaped like real ones (^1[3-9][0-9]{9}$). They are random digits: no number here is
/// meant to reach anyone, and the demo must never be used to send messages.
/// </summary>
public static class PhoneNumbers
{
    private const string SecondDigits = "3456789";
    private static readonly double[] SecondDigitWeights = [30, 2, 25, 3, 5, 30, 5];

    public static string Next(DemoRandom random)
    {
        var number = new StringBuilder(11);
        number.Append('1').Append(SecondDigits[random.PickWeighted(SecondDigitWeights)]);
        for (var i = 0; i < 9; i++)
        {
            number.Append((char)('0' + random.NextInt(10)));
        }

        return number.ToString();
    }
}
