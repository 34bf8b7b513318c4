using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Burgerbaan.Api.Auth;

/// <summary>
/// Keys are <c>bb_</c> + 32 random bytes (base64url). Only the SHA-256 of the key is stored: with that
/// much entropy a fast hash is safe, and it keeps the per-request lookup a single indexed read.
/// </summary>
public static class ApiKeySecrets
{
    public const int MinimumLength = 32;

    public static string Generate() => "bb_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What is kept to recognise a key in listings: its first ten characters.</summary>
    public static string Prefix(string key) => key[..Math.Min(10, key.Length)];
}
