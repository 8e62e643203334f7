using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Admin;

/// <summary>/admin/trust: what the sender trusts, and the renewal procedure's trust steps.</summary>
public static class TrustApi
{
    public static RouteGroupBuilder MapTrustApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/trust").WithTags("Trust").VersionedBy<TrustStore>(trust => trust.Current.Revision);
        group.MapGet("/", List);
        group.MapPut("/mode", SetMode);
        group.MapPost("/certificates", Add);
        group.MapDelete("/certificates/{fingerprint}", Remove);
        group.MapPost("/exchange", Exchange);
        group.MapPost("/authorities", AddAuthority);
        group.MapDelete("/authorities/{fingerprint}", RemoveAuthority);
        return group;
    }

    public static TrustStoreView View(TrustStore store)
    {
        var snapshot = store.Current;
        CertificateView Certificate(TrustEntry e) => new(e.Fingerprint, e.Subject, e.Certificate.Issuer,
            CertificateInfo.SerialDecimal(e.Certificate),
            new DateTimeOffset(e.Certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(e.Certificate.NotAfter.ToUniversalTime()),
            e.AddedAt, store.VerifiedCount(e.Fingerprint), e.Pem);
        return new TrustStoreView(snapshot.Mode, snapshot.Revision, snapshot.ChangedAt, snapshot.Entries.Select(Certificate).ToList(), store.VerifiedCounts)
        {
            Basis = TrustBasisText.Name(snapshot.Basis),
            Authorities = snapshot.Authorities.Select(Certificate).ToList(),
            Revocation = TrustBasisText.Revocation,
        };
    }

    private static Ok<TrustStoreView> List(TrustStore store) => TypedResults.Ok(View(store));

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> SetMode(ModeBody body, TrustStore store, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (body.Mode is not { } mode) return Problems.BadRequest("mode is required: single or overlap");
        return Answer(await store.SetModeAsync(admin.Change, mode, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Add(CertificateBody body, TrustStore store, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (!CertificateText.TryParsePem(body.Pem, out var certificate, out var error)) return Problems.BadRequest(error);
        return Answer(await store.AddAsync(admin.Change, certificate!, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Remove(string fingerprint, TrustStore store, AdminRequest admin, CancellationToken cancellationToken) =>
        Answer(await store.RemoveAsync(admin.Change, fingerprint, cancellationToken), store);

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Exchange(CertificateBody body, TrustStore store, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (!CertificateText.TryParsePem(body.Pem, out var certificate, out var error)) return Problems.BadRequest(error);
        return Answer(await store.ExchangeAsync(admin.Change, certificate!, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> AddAuthority(CertificateBody body, TrustStore store, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (!CertificateText.TryParsePem(body.Pem, out var certificate, out var error)) return Problems.BadRequest(error);
        return Answer(await store.AddAuthorityAsync(admin.Change, certificate!, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> RemoveAuthority(string fingerprint, TrustStore store, AdminRequest admin, CancellationToken cancellationToken) =>
        Answer(await store.RemoveAuthorityAsync(admin.Change, fingerprint, cancellationToken), store);

    private static Results<Ok<TrustChangeView>, ProblemHttpResult> Answer(TrustChange change, TrustStore store) =>
        change.Succeeded ? TypedResults.Ok(new TrustChangeView(change.Message, View(store))) : Problems.From(change);
}
