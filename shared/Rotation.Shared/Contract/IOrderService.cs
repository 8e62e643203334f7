using System.ServiceModel;

namespace Rotation.Shared.Contract;

/// <summary>The integration flow: a sender submits an order, the tenant confirms it.</summary>
[ServiceContract(Namespace = OrderContract.Namespace, Name = OrderContract.ServiceName)]
[XmlSerializerFormat]
public interface IOrderService
{
    [OperationContract(Name = "SubmitOrder", Action = OrderContract.SubmitOrderAction, ReplyAction = OrderContract.SubmitOrderReplyAction)]
    Task<OrderConfirmation> SubmitOrderAsync(OrderRequest request);
}
