using System.ServiceModel;
using Rotation.Sender.Wcf;
using Rotation.Shared.Contract;

namespace Rotation.Sender.Traffic;

/// <summary>
/// Sends one order and turns whatever happens into a <see cref="RequestOutcome"/> value: the boundary
/// between WCF's exceptions and the traffic's bookkeeping.
/// </summary>
public sealed class OrderSender(OrderClient client, TimeProvider time)
{
    public OrderClient Client => client;

    public async Task<RequestOutcome> SendAsync(long sequence, CancellationToken cancellationToken = default, string orderPrefix = "ORD")
    {
        var request = CreateRequest(sequence, orderPrefix);
        var started = time.GetUtcNow();
        var sink = new VerificationSink();
        try
        {
            var confirmation = await client.SubmitOrderAsync(request, sink, cancellationToken).ConfigureAwait(false);
            return Outcome(OutcomeKind.Verified) with
            {
                Fingerprint = confirmation.Verification.Fingerprint,
                Message = confirmation.Confirmation.ConfirmationId,
            };
        }
        catch (ResponseRejectedException rejected)
        {
            return Outcome(OutcomeKind.Rejected) with { Reason = rejected.Reason, Message = rejected.ReasonMessage };
        }
        catch (FaultException fault)
        {
            return Outcome(OutcomeKind.SoapFault) with { Fingerprint = sink.Result?.Fingerprint, Message = fault.Message };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            return Outcome(OutcomeKind.TransportError) with { Message = TransportCause.Describe(ex) };
        }

        RequestOutcome Outcome(OutcomeKind kind) => new()
        {
            Sequence = sequence,
            Kind = kind,
            StartedAt = started,
            CompletedAt = time.GetUtcNow(),
            OrderId = request.OrderId,
            Node = sink.Node,
        };
    }

    /// <summary>A small, deterministic order per sequence number, so server-side logs can be matched to outcomes.</summary>
    public static OrderRequest CreateRequest(long sequence, string orderPrefix = "ORD") => new()
    {
        OrderId = $"{orderPrefix}-{sequence:D8}",
        CustomerId = "CUST-ROTATION",
        Currency = "EUR",
        Lines =
        [
            new OrderLine { Sku = "SKU-KEY-RENEWAL", Quantity = 1 + (int)(sequence % 5), UnitPrice = 12.50m },
            new OrderLine { Sku = "SKU-TRUST-STORE", Quantity = 2, UnitPrice = 3.75m },
        ],
    };
}
