using System.Security.Cryptography;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// SignedXml knows no ECDSA signature methods; these descriptions teach it the xmldsig-more URIs
/// so the oracle can check (and the test signer can produce) ECDSA signatures. XML-DSig encodes
/// ECDSA as r||s, which is .NET's IEEE P1363 default.
/// </summary>
public static class EcdsaSignatureDescriptions
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256), AlgorithmUris.EcdsaSha256);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384), AlgorithmUris.EcdsaSha384);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512), AlgorithmUris.EcdsaSha512);
        return true;
    });

    public static void EnsureRegistered() => _ = Registered.Value;

    public abstract class EcdsaDescription : SignatureDescription
    {
        private readonly Func<HashAlgorithm> digest;

        protected EcdsaDescription(Func<HashAlgorithm> digest)
        {
            this.digest = digest;
            // SignedXml checks the key's type against this name before verifying.
            KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
        }

        public override HashAlgorithm CreateDigest() => digest();
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter((ECDsa)key);
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter((ECDsa)key);
    }

    public sealed class EcdsaSha256() : EcdsaDescription(SHA256.Create);
    public sealed class EcdsaSha384() : EcdsaDescription(SHA384.Create);
    public sealed class EcdsaSha512() : EcdsaDescription(SHA512.Create);

    private sealed class Formatter(ECDsa key) : AsymmetricSignatureFormatter
    {
        public override void SetKey(AsymmetricAlgorithm key) { }
        public override void SetHashAlgorithm(string strName) { }
        public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash);
    }

    private sealed class Deformatter(ECDsa key) : AsymmetricSignatureDeformatter
    {
        public override void SetKey(AsymmetricAlgorithm key) { }
        public override void SetHashAlgorithm(string strName) { }
        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature);
    }
}
