namespace Rotation.Sender.Contracts;

/// <summary>
/// Rejections by the tenant node that answered (its response header, docs/DESIGN.md §8) and reason: behind a load
/// balancer, which node still signed with a key the sender does not trust. Node "unknown": the response named none.
/// </summary>
public sealed record NodeRejections(string Node, string Reason, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);
