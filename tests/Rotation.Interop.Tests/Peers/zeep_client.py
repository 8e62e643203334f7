#!/usr/bin/python3
"""Call the tenant as a zeep client built from its WSDL: sign the request, verify the signed response.

Usage: zeep_client.py WSDL_URL PORT KEY_PEM CERT_PEM TENANT_CERT_PEM

zeep.wsse.signature.BinarySignature signs the request with KEY_PEM/CERT_PEM (the tenant must accept
the mustUnderstand Security header) and verifies the response, here with the tenant's certificate
(by default zeep would take the client's own). One JSON line on stdout: the order confirmation when
the response verified, {"ok": false} when zeep refused its signature.

Exit codes: 0 answered (verified or refused), anything else: zeep or the call failed.
"""
import json
import sys

import zeep
from zeep.wsse.signature import BinarySignature, _make_verify_key, _verify_envelope_with_key

wsdl, port, key, cert, tenant_cert = sys.argv[1:6]


class SignRequestVerifyTenant(BinarySignature):
    def verify(self, envelope):
        with open(tenant_cert, "rb") as f:
            _verify_envelope_with_key(envelope, _make_verify_key(f.read()))
        return envelope


client = zeep.Client(wsdl, wsse=SignRequestVerifyTenant(key, cert))
service = client.bind("OrderService", port)
try:
    r = service.SubmitOrder(request={"OrderId": "z-1", "CustomerId": "py", "Currency": "EUR",
        "Lines": {"Line": [{"Sku": "A", "Quantity": 2, "UnitPrice": "1.25"}, {"Sku": "B", "Quantity": 1, "UnitPrice": "7"}]},
        "Note": "from zeep"})
    print(json.dumps({"ok": True, "orderId": r.OrderId, "total": str(r.Total), "confirmationId": r.ConfirmationId, "echo": r.Echo}))
except zeep.exceptions.SignatureVerificationFailed:
    print(json.dumps({"ok": False, "error": "SignatureVerificationFailed"}))
