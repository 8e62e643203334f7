using System.Xml.Serialization;

namespace Rotation.Shared.Contract;

[XmlType(Namespace = OrderContract.Namespace)]
public sealed class OrderRequest
{
    [XmlElement(Order = 0)] public string OrderId { get; set; } = "";
    [XmlElement(Order = 1)] public string CustomerId { get; set; } = "";
    [XmlElement(Order = 2)] public string Currency { get; set; } = "EUR";
    [XmlArray(Order = 3), XmlArrayItem("Line")] public List<OrderLine> Lines { get; set; } = [];
    [XmlElement(Order = 4)] public string? Note { get; set; }
}
