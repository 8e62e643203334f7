using Rotation.Tenant.Tests.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Rotation.Tenant.Tests.Support;

/// <summary>
/// A fact of a test class that may need PostgreSQL (the store contract suite, written once for every store): skipped
/// with <see cref="PostgresCluster.WhyUnavailable"/> in a class marked <see cref="NeedsPostgresAttribute"/> on a machine
/// where PostgreSQL cannot run, an ordinary fact everywhere else.
/// </summary>
[XunitTestCaseDiscoverer("Rotation.Tenant.Tests.Support.StoreFactDiscoverer", "Rotation.Tenant.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>The test class runs against the private PostgreSQL cluster.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsPostgresAttribute : Attribute;

/// <summary>Makes <see cref="StoreTestCase"/>s: the skip reason depends on the class that runs the fact, not the one that declares it.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new StoreTestCase(diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnostics, display, displayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsPostgresAttribute)).Any() && PostgresCluster.WhyUnavailable is { } why
            ? why
            : base.GetSkipReason(factAttribute);
}
