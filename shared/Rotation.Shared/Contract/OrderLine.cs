using System.Xml.Serialization;

namespace Rotation.Shared.Contract;

[XmlType(Namespace = OrderContract.Namespace)]
public sealed class OrderLine
{
    [XmlElement(Order = 0)] public string Sku { get; set; } = "";
    [XmlElement(Order = 1)] public int Quantity { get; set; }
    [XmlElement(Order = 2)] public decimal UnitPrice { get; set; }
}
