using System.Buffers.Text;

namespace EphemChat.Rooms.Enclaves;

/// <summary>The shape of a posted envelope: a client-chosen id, base64url ciphertext and a 12-byte AES-GCM IV.</summary>
public static class EnvelopeRules
{
    /// <summary>The longest client-chosen dispatch id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>AES-GCM's standard nonce: exactly 96 bits.</summary>
    public const int IvBytes = 12;

    /// <summary>The problems of an envelope, by JSON field name; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(string? id, string? ciphertext, string? iv, int maxCiphertextBytes)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsDispatchId(id))
        {
            errors["id"] = [$"The id must be 1–{MaxIdLength} characters of A–Z, a–z, 0–9, '-' and '_'."];
        }
        if (!TryDecode(ciphertext, out var cipherBytes))
        {
            errors["ciphertext"] = ["The ciphertext must be unpadded base64url."];
        }
        else if (cipherBytes == 0)
        {
            errors["ciphertext"] = ["The ciphertext must not be empty."];
        }
        else if (cipherBytes > maxCiphertextBytes)
        {
            errors["ciphertext"] = [$"The ciphertext must be at most {maxCiphertextBytes} bytes ({maxCiphertextBytes / 1024} KiB) once decoded."];
        }
        if (!TryDecode(iv, out var ivBytes) || ivBytes != IvBytes)
        {
            errors["iv"] = [$"The iv must be exactly {IvBytes} bytes in unpadded base64url."];
        }
        return errors;
    }

    public static bool IsDispatchId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && RoomSecrets.IsBase64UrlText(id);

    /// <summary>
    /// Strict base64url: only the URL-safe alphabet, no padding, no whitespace, and canonical (the unused low bits of
    /// the last character are zero), so one envelope has exactly one text form.
    /// </summary>
    internal static bool TryDecode(string? text, out int decodedLength)
    {
        decodedLength = 0;
        if (text is null || !RoomSecrets.IsBase64UrlText(text) || text.Length % 4 == 1)
        {
            return false;
        }
        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            if (!string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal))
            {
                return false;
            }
            decodedLength = bytes.Length;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
