using System.Buffers;
using System.Globalization;
using System.Text;

namespace EphemChat.Identity.Accounts;

/// <summary>The rule of <see cref="DisplayName"/> a name breaks; each has its own problem type.</summary>
public enum DisplayNameRule
{
    /// <summary>No name was sent.</summary>
    Required,

    /// <summary>Nothing but whitespace.</summary>
    Blank,

    /// <summary>A control, format, separator, private-use, unassigned or broken (lone surrogate) character.</summary>
    ForbiddenCharacter,

    /// <summary>More than <see cref="DisplayName.MaxLength"/> user-perceived characters.</summary>
    TooLong,

    /// <summary>One user-perceived character stacks more than <see cref="DisplayName.MaxCodePointsPerCharacter"/> code points.</summary>
    CharacterTooComplex,
}

/// <summary>The outcome of <see cref="DisplayName.Normalize"/>: the normalized name, or the rule broken and why.</summary>
public readonly record struct DisplayNameResult(string? Name, DisplayNameRule? BrokenRule, string? Message)
{
    public bool IsValid => Name is not null;

    /// <summary>The problem type slug of the broken rule (for example <c>name-too-long</c>).</summary>
    public string? Slug => BrokenRule switch
    {
        DisplayNameRule.Required => "name-required",
        DisplayNameRule.Blank => "name-blank",
        DisplayNameRule.ForbiddenCharacter => "name-forbidden-character",
        DisplayNameRule.TooLong => "name-too-long",
        DisplayNameRule.CharacterTooComplex => "name-character-too-complex",
        _ => null,
    };
}

/// <summary>
/// The rules of a display name: trimmed, NFC, 1–32 user-perceived characters (extended grapheme clusters, so an
/// emoji ZWJ family or a letter with combining marks counts as one), no control or format characters.
/// </summary>
public static class DisplayName
{
    /// <summary>The most user-perceived characters (grapheme clusters) a name may have.</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// The most code points in one user-perceived character. The longest emoji sequences (a kiss with two skin tones)
    /// have 10; stacks of combining marks beyond this are "Zalgo" text that draws over neighbouring lines.
    /// </summary>
    public const int MaxCodePointsPerCharacter = 16;

    private const int ZeroWidthJoiner = 0x200D;
    private const int FirstTag = 0xE0020;
    private const int LastTag = 0xE007F;

    /// <summary>The normalized name, or the rule it breaks.</summary>
    public static DisplayNameResult Normalize(string? raw)
    {
        if (raw is null)
        {
            return Broken(DisplayNameRule.Required, "A display name is required.");
        }
        // string.Normalize throws on a lone surrogate: refuse it before normalizing.
        if (FirstInvalidUtf16(raw) is { } offset)
        {
            return Broken(DisplayNameRule.ForbiddenCharacter, $"The display name is not valid Unicode (a lone surrogate at position {offset}).");
        }
        // Noncharacters and unassigned code points are refused here too: string.Normalize throws on some of them.
        if (raw.EnumerateRunes().FirstOrDefault(r => Rune.GetUnicodeCategory(r) == UnicodeCategory.OtherNotAssigned) is { Value: not 0 } unassigned)
        {
            return Broken(DisplayNameRule.ForbiddenCharacter, $"The display name must not contain unassigned characters (found U+{unassigned.Value:X4}).");
        }
        string name;
        try
        {
            name = raw.Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return Broken(DisplayNameRule.ForbiddenCharacter, "The display name is not valid Unicode.");
        }
        if (name.Length == 0)
        {
            return Broken(DisplayNameRule.Blank, "The display name must not be empty or only whitespace.");
        }

        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            length++;
            var element = elements.GetTextElement();
            if (FirstForbiddenRune(element) is { } forbidden)
            {
                return Broken(DisplayNameRule.ForbiddenCharacter,
                    $"The display name must not contain control, format or unassigned characters (found U+{forbidden.Value:X4}).");
            }
            if (element.EnumerateRunes().Count() > MaxCodePointsPerCharacter)
            {
                return Broken(DisplayNameRule.CharacterTooComplex,
                    $"Each character of the display name may combine at most {MaxCodePointsPerCharacter} code points.");
            }
        }
        if (length > MaxLength)
        {
            return Broken(DisplayNameRule.TooLong, $"The display name must be at most {MaxLength} characters (it has {length}).");
        }
        return new DisplayNameResult(name, null, null);
    }

    private static DisplayNameResult Broken(DisplayNameRule rule, string message) => new(null, rule, message);

    private static int? FirstInvalidUtf16(string text)
    {
        var span = text.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            if (Rune.DecodeFromUtf16(span[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return null;
    }

    /// <summary>
    /// The first forbidden code point of one grapheme cluster. Format characters are refused (bidi overrides,
    /// zero-width spaces and joiners between letters spoof names), except inside an emoji sequence, where a
    /// zero-width joiner glues emoji into one picture and tag characters spell a subdivision flag.
    /// </summary>
    private static Rune? FirstForbiddenRune(string element)
    {
        var runes = element.EnumerateRunes().ToArray();
        var isEmojiSequence = Rune.GetUnicodeCategory(runes[0]) == UnicodeCategory.OtherSymbol;
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return rune;
            }
            if (category == UnicodeCategory.Format)
            {
                var joinsEmoji = rune.Value == ZeroWidthJoiner && i > 0 && i < runes.Length - 1;
                var isTag = rune.Value is >= FirstTag and <= LastTag && i > 0;
                if (!isEmojiSequence || !(joinsEmoji || isTag))
                {
                    return rune;
                }
            }
        }
        return null;
    }
}
