#!/usr/bin/python3
"""Sign a SOAP envelope the way a zeep client does.

Usage: zeep_sign.py --mode binary|x509data --key KEY_PEM --cert CERT_PEM
                    [--algorithm rsa-sha1|rsa-sha256|rsa-sha512|ecdsa-sha256|ecdsa-sha384]
                    [--ttl SECONDS] IN OUT

A wsu:Timestamp (Created now, Expires now+ttl) is put into the wsse:Security header first,
because zeep's signers sign the Body and, when present, the Timestamp. Then:
  binary   zeep.wsse.signature.BinarySignature: certificate in a wsse:BinarySecurityToken,
           KeyInfo/wsse:SecurityTokenReference/wsse:Reference to it.
  x509data zeep.wsse.signature.Signature: KeyInfo/wsse:SecurityTokenReference/ds:X509Data with
           X509IssuerSerial and X509Certificate, filled by libxmlsec1.
The digest method is the hash of the signature method (SHA-256 for *-sha256).
Exit codes: 0 signed, 2 anything else.
"""
import argparse
import datetime
import sys

import xmlsec
from lxml import etree
from zeep import ns
from zeep.wsse.signature import BinarySignature, Signature
from zeep.wsse.utils import WSU, get_security_header, get_timestamp

ALGORITHMS = {
    # zeep's default when a client names no methods: what an unconfigured zeep client sends.
    "rsa-sha1": (xmlsec.Transform.RSA_SHA1, xmlsec.Transform.SHA1),
    "rsa-sha256": (xmlsec.Transform.RSA_SHA256, xmlsec.Transform.SHA256),
    "rsa-sha512": (xmlsec.Transform.RSA_SHA512, xmlsec.Transform.SHA512),
    "ecdsa-sha256": (xmlsec.Transform.ECDSA_SHA256, xmlsec.Transform.SHA256),
    "ecdsa-sha384": (xmlsec.Transform.ECDSA_SHA384, xmlsec.Transform.SHA384),
}


def add_timestamp(envelope, ttl_seconds):
    security = get_security_header(envelope)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    timestamp = WSU.Timestamp(
        WSU.Created(get_timestamp(now, zulu_timestamp=True)),
        WSU.Expires(get_timestamp(now + datetime.timedelta(seconds=ttl_seconds), zulu_timestamp=True)),
    )
    security.append(timestamp)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["binary", "x509data"], required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--algorithm", choices=sorted(ALGORITHMS), default="rsa-sha256")
    p.add_argument("--ttl", type=int, default=300)
    p.add_argument("input")
    p.add_argument("output")
    args = p.parse_args()

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with open(args.input, "rb") as f:
        envelope = etree.fromstring(f.read(), parser)

    add_timestamp(envelope, args.ttl)
    signature_method, digest_method = ALGORITHMS[args.algorithm]
    signer_type = BinarySignature if args.mode == "binary" else Signature
    signer = signer_type(args.key, args.cert, signature_method=signature_method, digest_method=digest_method)
    envelope, _ = signer.apply(envelope, {})

    with open(args.output, "wb") as f:
        f.write(etree.tostring(envelope, xml_declaration=False, encoding="utf-8"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as e:  # report every failure the same way to the caller
        print(f"zeep_sign: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(2)
