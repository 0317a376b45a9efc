using System.Globalization;
using System.Text;

namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The rules of interest tags: at most <see cref="MaxCount"/> tags, each 1–<see cref="MaxLength"/> user-perceived
/// characters after trimming; letters, digits, marks, spaces (collapsed to one) and <c>- _ + # . &amp; '</c> only. Tags are compared
/// in a normal form (NFC, lowercase, inner whitespace collapsed), so <c>"Jazz"</c> and <c>" jazz "</c> are one tag.
/// The allowed characters never include <c>,</c> or line breaks, which the store uses as separators.
/// </summary>
public static class Interests
{
    /// <summary>The most tags a search may carry.</summary>
    public const int MaxCount = 5;

    /// <summary>The most user-perceived characters (grapheme clusters) in one tag.</summary>
    public const int MaxLength = 24;

    private const string AllowedPunctuation = "-_+#.&'";

    /// <summary>The distinct normalized tags in the order first given, or the rule the input breaks.</summary>
    public static (IReadOnlyList<string>? Tags, string? Error) Normalize(IReadOnlyList<string?>? raw)
    {
        if (raw is null || raw.Count == 0)
        {
            return ([], null);
        }
        if (raw.Count > MaxCount)
        {
            return (null, $"At most {MaxCount} interests are allowed ({raw.Count} given).");
        }

        var tags = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var (tag, error) = NormalizeOne(raw[i]);
            if (tag is null)
            {
                return (null, $"Interest {i + 1}: {error}");
            }
            if (!tags.Contains(tag, StringComparer.Ordinal))
            {
                tags.Add(tag);
            }
        }
        return (tags, null);
    }

    /// <summary>The form a tag is stored in: comma-joined, in the order given.</summary>
    public static string Encode(IEnumerable<string> tags) => string.Join(',', tags);

    /// <summary>The tags of <see cref="Encode"/>.</summary>
    public static IReadOnlyList<string> Decode(string? encoded) =>
        string.IsNullOrEmpty(encoded) ? [] : encoded.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static (string? Tag, string? Error) NormalizeOne(string? raw)
    {
        if (raw is null)
        {
            return (null, "an interest must not be empty.");
        }
        var text = raw.Trim().Normalize(NormalizationForm.FormC);
        if (text.Length == 0)
        {
            return (null, "an interest must not be empty or only whitespace.");
        }

        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            // Spaces of any width become one plain space; tabs and line breaks are control characters and refused.
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            if (!IsAllowed(rune))
            {
                return (null, $"use letters, digits, spaces and {AllowedPunctuation} only (found U+{rune.Value:X4}).");
            }
            builder.Append(Rune.ToLowerInvariant(rune).ToString());
        }

        var tag = builder.ToString();
        if (new StringInfo(tag).LengthInTextElements > MaxLength)
        {
            return (null, $"an interest must be at most {MaxLength} characters.");
        }
        return (tag, null);
    }

    private static bool IsAllowed(Rune rune)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            return true;
        }
        var category = Rune.GetUnicodeCategory(rune);
        // Combining marks are part of letters in many scripts (e.g. Devanagari vowel signs).
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            || (rune.IsAscii && AllowedPunctuation.Contains((char)rune.Value));
    }
}
