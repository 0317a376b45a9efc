using System.Globalization;
using System.Text;

namespace EphemChat.Identity.Accounts;

/// <summary>The rules of a display name: trimmed, NFC, 1–32 user-perceived characters, no control or format characters.</summary>
public static class DisplayName
{
    /// <summary>The most user-perceived characters (grapheme clusters) a name may have.</summary>
    public const int MaxLength = 32;

    /// <summary>The normalized name, or the rule it breaks.</summary>
    public static (string? Name, string? Error) Normalize(string? raw)
    {
        if (raw is null)
        {
            return (null, "A display name is required.");
        }
        var name = raw.Trim().Normalize(NormalizationForm.FormC);
        if (name.Length == 0)
        {
            return (null, "The display name must not be empty or only whitespace.");
        }
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // Format characters include bidi overrides and zero-width joiners used to spoof names.
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return (null, $"The display name must not contain control, format or unassigned characters (found U+{rune.Value:X4}).");
            }
        }
        if (new StringInfo(name).LengthInTextElements > MaxLength)
        {
            return (null, $"The display name must be at most {MaxLength} characters.");
        }
        return (name, null);
    }
}
