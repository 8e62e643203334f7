namespace Rotation.Tenant.Contracts;

/// <summary>Exchange keeping the alias: from another entry (<c>fromAlias</c>, which is consumed) or from an uploaded PKCS#12.</summary>
public sealed record ExchangeBody(string? FromAlias = null, string? Pkcs12 = null, string? Password = null);
