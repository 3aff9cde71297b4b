using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>Encrypts datastore secrets at rest with AES-256-GCM. The key comes from configuration (base64, 32 bytes)
/// and is never written anywhere. Ciphertext format: "aesgcm1:" + base64(nonce[12] | ciphertext | tag[16]).</summary>
public sealed class SecretCipher
{
    private const string Prefix = "aesgcm1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] key;

    /// <summary>Creates a cipher from a base64 key of 32 bytes; throws <see cref="ArgumentException"/> naming the problem otherwise.</summary>
    public SecretCipher(string base64Key)
    {
        if (string.IsNullOrWhiteSpace(base64Key))
        {
            throw new ArgumentException("The datastore encryption key is not configured (expected 32 bytes, base64).", nameof(base64Key));
        }

        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The datastore encryption key is not valid base64.", nameof(base64Key), ex);
        }

        if (key.Length != 32)
        {
            throw new ArgumentException($"The datastore encryption key must be 32 bytes (AES-256); it is {key.Length}.", nameof(base64Key));
        }
    }

    /// <summary>A new random key, base64, for configuration.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Encrypts <paramref name="clearText"/> with a fresh random nonce; <paramref name="associatedData"/> (the key's identity)
    /// binds the ciphertext to its entry so it cannot be moved to another key.</summary>
    public string Encrypt(string clearText, string associatedData)
    {
        var plain = Encoding.UTF8.GetBytes(clearText);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Decrypts a value made by <see cref="Encrypt"/>; throws <see cref="CryptographicException"/> when the key is wrong or the value was tampered with.</summary>
    public string Decrypt(string cipherText, string associatedData)
    {
        if (!cipherText.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("The stored secret is not in the expected encrypted format.");
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(cipherText[Prefix.Length..]);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The stored secret is not valid base64.", ex);
        }

        if (data.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored secret is too short to be a ciphertext.");
        }

        var plainLength = data.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plainLength), data.AsSpan(NonceSize + plainLength, TagSize), plain, Encoding.UTF8.GetBytes(associatedData));
        return Encoding.UTF8.GetString(plain);
    }
}
