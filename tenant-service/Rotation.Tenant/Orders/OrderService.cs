using System.Security.Cryptography;
using System.ServiceModel;
using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Tenant.Orders;

/// <summary>The integration flow behind /cxf/orders: validates an order, prices it and confirms it.</summary>
public sealed class OrderService(FlowSettingsService flow, TimeProvider time) : IOrderService
{
    public async Task<OrderConfirmation> SubmitOrderAsync(OrderRequest request)
    {
        var settings = flow.Current;
        if (settings.ProcessingLatency > TimeSpan.Zero) await Task.Delay(settings.ProcessingLatency, time);
        if (settings.FailureShare > 0 && Random.Shared.NextDouble() < settings.FailureShare)
            throw new FaultException(new FaultReason("simulated failure of the integration flow (rehearsal setting)"), new FaultCode("Server"), OrderContract.SubmitOrderAction);

        if (request is null || string.IsNullOrWhiteSpace(request.OrderId))
            throw new FaultException(new FaultReason("OrderId is required"), new FaultCode("Client"), OrderContract.SubmitOrderAction);
        var lines = request.Lines ?? [];
        var invalid = lines.FirstOrDefault(l => l.Quantity <= 0 || l.UnitPrice < 0 || string.IsNullOrWhiteSpace(l.Sku));
        if (invalid is not null)
            throw new FaultException(new FaultReason($"line '{invalid.Sku}' needs a SKU, a positive quantity and a non-negative unit price"), new FaultCode("Client"), OrderContract.SubmitOrderAction);

        var total = lines.Sum(l => l.Quantity * l.UnitPrice);
        return new OrderConfirmation
        {
            OrderId = request.OrderId,
            ConfirmationId = ConfirmationId(request),
            Status = lines.Count == 0 ? "Empty" : "Accepted",
            LineCount = lines.Count,
            Total = decimal.Round(total, 2, MidpointRounding.ToEven),
            Currency = string.IsNullOrWhiteSpace(request.Currency) ? "EUR" : request.Currency,
            ProcessedAt = time.GetUtcNow().UtcDateTime,
            Echo = request.Note,
        };
    }

    // Deterministic per order, so a resent order gets the same confirmation (idempotent for the sender).
    private static string ConfirmationId(OrderRequest request)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{request.CustomerId}\n{request.OrderId}"));
        return "CNF-" + Convert.ToHexString(hash, 0, 8);
    }
}
