namespace GridGovernance.Domain.Privacy;

/// <summary>Contact phones are shown masked (138****5678): enough to recognise, not enough to harvest.</summary>
public static class PhoneMask
{
    public static string? Mask(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = phone.Trim();
        if (digits.Length < 7) return new string('*', digits.Length);
        return string.Concat(digits.AsSpan(0, 3), new string('*', digits.Length - 7), digits.AsSpan(digits.Length - 4));
    }
}
