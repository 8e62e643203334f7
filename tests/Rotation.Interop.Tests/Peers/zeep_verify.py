#!/usr/bin/python3
"""Verify a WS-Security signed SOAP envelope with zeep's own verifier.

Usage: zeep_verify.py ENVELOPE CERT_PEM

Calls zeep.wsse.signature.verify_envelope(envelope, certfile) unchanged: that is the peer under
test. zeep takes the key from CERT_PEM and ignores the message's KeyInfo, so every key reference
form verifies the same way; it checks neither which elements are signed nor the Timestamp. So
that the caller can assert what zeep actually digested, the elements the references resolved to
are printed as JSON on stdout.

Exit codes: 0 verified, 1 rejected by zeep (SignatureVerificationFailed), 2 anything else.
"""
import json
import sys

from lxml import etree
from zeep import ns
from zeep.exceptions import SignatureVerificationFailed
from zeep.wsse.signature import verify_envelope


def referenced_elements(envelope):
    names = []
    for ref in envelope.xpath("//ds:Signature/ds:SignedInfo/ds:Reference", namespaces={"ds": ns.DS}):
        uri = ref.get("URI") or ""
        hits = envelope.xpath("//*[@wsu:Id=$id]", namespaces={"wsu": ns.WSU}, id=uri[1:])
        names.append(etree.QName(hits[0]).text if hits else "unresolved:" + uri)
    return names


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    envelope_path, cert_path = argv[1], argv[2]
    # No network, no entities: the envelope comes from the test, but a verifier should not resolve anything.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    with open(envelope_path, "rb") as f:
        envelope = etree.fromstring(f.read(), parser)
    try:
        verify_envelope(envelope, cert_path)
    except SignatureVerificationFailed:
        print(json.dumps({"verified": False, "references": referenced_elements(envelope)}))
        print("zeep: SignatureVerificationFailed", file=sys.stderr)
        return 1
    print(json.dumps({"verified": True, "references": referenced_elements(envelope)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
