using System.ServiceModel;
using Rotation.Shared.Contract;

namespace Rotation.Sender.Tests.Infrastructure;

/// <summary>
/// The test tenant's integration flow. The order's Note steers it: "fault" answers with a SOAP fault,
/// "pad:N" echoes N characters back (large responses).
/// </summary>
public sealed class OrderServiceStub(TimeProvider time) : IOrderService
{
    public Task<OrderConfirmation> SubmitOrderAsync(OrderRequest request)
    {
        if (request.Note == "fault") throw new FaultException(new FaultReason("order refused by the test tenant"), new FaultCode("Client"), "");
        string? echo = request.Note;
        if (request.Note is { } note && note.StartsWith("pad:", StringComparison.Ordinal))
            echo = new string('x', int.Parse(note[4..], System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(new OrderConfirmation
        {
            OrderId = request.OrderId,
            ConfirmationId = "CNF-" + request.OrderId,
            Status = "Accepted",
            LineCount = request.Lines.Count,
            Total = request.Lines.Sum(l => l.Quantity * l.UnitPrice),
            Currency = request.Currency,
            ProcessedAt = time.GetUtcNow().UtcDateTime,
            Echo = echo,
        });
    }
}
