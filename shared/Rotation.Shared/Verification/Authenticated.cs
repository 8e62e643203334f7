using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>
/// An envelope whose signature over SignedInfo verified with a trusted key (docs/DESIGN.md §3 checks 2–7): what is left
/// is to digest each reference's target.
/// </summary>
internal sealed record Authenticated(SecurityHeaderModel Parts, SignedInfoModel Info, XmlElement[] Targets, TrustedCertificate Certificate, KeyReference KeyReference);
