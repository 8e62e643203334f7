namespace Rotation.Interop.Tests.Envelopes;

public enum SoapVersion { Soap11, Soap12 }
