using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Admin;

/// <summary>/admin/trust: what the sender trusts, and the renewal procedure's trust steps.</summary>
public static class TrustApi
{
    public static RouteGroupBuilder MapTrustApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/trust").WithTags("Trust");
        group.MapGet("/", List);
        group.MapPut("/mode", SetMode);
        group.MapPost("/certificates", Add);
        group.MapDelete("/certificates/{fingerprint}", Remove);
        group.MapPost("/exchange", Exchange);
        return group;
    }

    public sealed record CertificateBody(string? Pem);
    public sealed record ModeBody(TrustMode? Mode);

    public sealed record CertificateView(string Fingerprint, string Subject, string Issuer, string SerialNumber,
        DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset AddedAt, long Verified, string Pem);

    public sealed record TrustStoreView(TrustMode Mode, long Revision, DateTimeOffset ChangedAt, IReadOnlyList<CertificateView> Certificates,
        IReadOnlyDictionary<string, long> VerifiedCounts);

    public sealed record TrustChangeView(string Message, TrustStoreView Trust);

    public static TrustStoreView View(TrustStore store)
    {
        var snapshot = store.Current;
        return new TrustStoreView(snapshot.Mode, snapshot.Revision, snapshot.ChangedAt,
            snapshot.Entries.Select(e => new CertificateView(e.Fingerprint, e.Subject, e.Certificate.Issuer,
                CertificateInfo.SerialDecimal(e.Certificate),
                new DateTimeOffset(e.Certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(e.Certificate.NotAfter.ToUniversalTime()),
                e.AddedAt, store.VerifiedCount(e.Fingerprint), e.Pem)).ToList(),
            store.VerifiedCounts);
    }

    private static Ok<TrustStoreView> List(TrustStore store) => TypedResults.Ok(View(store));

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> SetMode(ModeBody body, TrustStore store, CancellationToken cancellationToken)
    {
        if (body.Mode is not { } mode) return Problems.BadRequest("mode is required: single or overlap");
        return Answer(await store.SetModeAsync(mode, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Add(CertificateBody body, TrustStore store, CancellationToken cancellationToken)
    {
        if (!CertificateText.TryParsePem(body.Pem, out var certificate, out var error)) return Problems.BadRequest(error);
        return Answer(await store.AddAsync(certificate!, cancellationToken), store);
    }

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Remove(string fingerprint, TrustStore store, CancellationToken cancellationToken) =>
        Answer(await store.RemoveAsync(fingerprint, cancellationToken), store);

    private static async Task<Results<Ok<TrustChangeView>, ProblemHttpResult>> Exchange(CertificateBody body, TrustStore store, CancellationToken cancellationToken)
    {
        if (!CertificateText.TryParsePem(body.Pem, out var certificate, out var error)) return Problems.BadRequest(error);
        return Answer(await store.ExchangeAsync(certificate!, cancellationToken), store);
    }

    private static Results<Ok<TrustChangeView>, ProblemHttpResult> Answer(TrustChange change, TrustStore store) =>
        change.Succeeded ? TypedResults.Ok(new TrustChangeView(change.Message, View(store))) : Problems.From(change);
}
