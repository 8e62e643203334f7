using System.Xml.Serialization;

namespace Rotation.Shared.Contract;

[XmlType(Namespace = OrderContract.Namespace)]
public sealed class OrderConfirmation
{
    [XmlElement(Order = 0)] public string OrderId { get; set; } = "";
    [XmlElement(Order = 1)] public string ConfirmationId { get; set; } = "";
    [XmlElement(Order = 2)] public string Status { get; set; } = "Accepted";
    [XmlElement(Order = 3)] public int LineCount { get; set; }
    [XmlElement(Order = 4)] public decimal Total { get; set; }
    [XmlElement(Order = 5)] public string Currency { get; set; } = "EUR";
    [XmlElement(Order = 6)] public DateTime ProcessedAt { get; set; }
    [XmlElement(Order = 7)] public string? Echo { get; set; }
}
