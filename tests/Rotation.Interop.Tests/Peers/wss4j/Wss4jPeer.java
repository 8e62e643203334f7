// Apache WSS4J 1.6 (Debian's libwss4j-java, on Apache Santuario 2.1) as an independent WS-Security peer:
// the stack SAP Cloud Integration's SOAP adapter is built on. Compiled and run by the interop tests
// (Peers/Wss4j.cs); nothing here is ours but the glue, every check is WSS4J's own.
//
// Usage:
//   Wss4jPeer verify ENVELOPE CERT_PEM
//       WSSecurityEngine.processSecurityHeader with a Merlin crypto whose only trust is CERT_PEM (a
//       trusted-certificate entry). WSS4J resolves the key from the message's own KeyInfo (BST,
//       issuer/serial, SKI, thumbprint), checks trust, every digest and the signature, and validates
//       the Timestamp (300 s old at most, 60 s in the future, not expired). On top of that this peer
//       demands what a CXF policy would: a Timestamp result, and among the signed elements the Body
//       that is the Envelope's child and the Timestamp of this Security header, by node identity.
//       Prints one JSON object on stdout: verified, signedElements ({ns}local#id), certificate
//       subject, key reference type, signature and c14n method, and the error when rejected.
//   Wss4jPeer sign ENVELOPE KEY CERT_PEM KEYREF OUT [SIGNATURE_METHOD_URI]
//       WSSecHeader (mustUnderstand) + WSSecTimestamp (300 s) + WSSecSignature over Body and
//       Timestamp, exc-c14n, digest of the signature's hash (SHA-256 by default), signature method
//       RSA-SHA256 unless given ("wss4j-defaults": none set, WSS4J's own RSA-SHA1 and SHA-1). KEY is an unencrypted PKCS#8 PEM or a PKCS#12 with an empty
//       password. KEYREF: BST_DIRECT_REFERENCE, ISSUER_SERIAL, SKI_KEY_IDENTIFIER, THUMBPRINT_IDENTIFIER.
//
// Exit codes: 0 verified/signed, 1 rejected by WSS4J or by the signed-parts check, 2 anything else.

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.ws.security.WSConstants;
import org.apache.ws.security.WSDataRef;
import org.apache.ws.security.WSEncryptionPart;
import org.apache.ws.security.WSSConfig;
import org.apache.ws.security.WSSecurityEngine;
import org.apache.ws.security.WSSecurityEngineResult;
import org.apache.ws.security.WSSecurityException;
import org.apache.ws.security.components.crypto.Merlin;
import org.apache.ws.security.message.WSSecHeader;
import org.apache.ws.security.message.WSSecSignature;
import org.apache.ws.security.message.WSSecTimestamp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

public final class Wss4jPeer {
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String KEY_ALIAS = "signer";
    private static final char[] KEY_PASSWORD = "peer".toCharArray();
    /** Leaves signature and digest method unset: what an unconfigured WSS4J/CXF sender sends (RSA-SHA1, SHA-1). */
    private static final String WSS4J_DEFAULTS = "wss4j-defaults";

    /** A verdict against the message, as opposed to a broken invocation (exit 2). */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) { super(message); }
    }

    public static void main(String[] args) {
        int code;
        try {
            WSSConfig.init();
            if (args.length == 3 && args[0].equals("verify")) code = verify(new File(args[1]), new File(args[2]));
            else if ((args.length == 6 || args.length == 7) && args[0].equals("sign"))
                code = sign(new File(args[1]), new File(args[2]), new File(args[3]), args[4], new File(args[5]),
                    args.length == 7 ? args[6] : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
            else {
                System.err.println("usage: verify ENVELOPE CERT_PEM | sign ENVELOPE KEY CERT_PEM KEYREF OUT [SIGNATURE_METHOD_URI]");
                code = 2;
            }
        } catch (Throwable e) {
            e.printStackTrace(System.err);
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    private static int verify(File envelope, File certificatePem) throws Exception {
        Document document = parse(envelope);
        X509Certificate trusted = readCertificate(certificatePem);
        Merlin crypto = new Merlin();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", trusted);
        crypto.setKeyStore(trust);
        crypto.setTrustStore(trust);

        // WSS4J's defaults, spelled out because the tests rely on them: BSP compliance, 300 s / 60 s timestamp rules.
        WSSConfig config = WSSConfig.getNewInstance();
        config.setWsiBSPCompliant(true);
        config.setTimeStampStrict(true);
        config.setTimeStampTTL(300);
        config.setTimeStampFutureTTL(60);
        WSSecurityEngine engine = new WSSecurityEngine();
        engine.setWssConfig(config);

        Json out = new Json();
        List<String> signed = new ArrayList<>();
        try {
            List<WSSecurityEngineResult> results = engine.processSecurityHeader(document, null, null, crypto);
            if (results == null) throw new Rejected("no wsse:Security header WSS4J would process");
            Element body = bodyOf(document);
            Element timestamp = timestampOf(document);
            boolean bodySigned = false, timestampSigned = false, timestampValidated = false;
            int signatures = 0;
            for (WSSecurityEngineResult result : results) {
                int action = (Integer) result.get(WSSecurityEngineResult.TAG_ACTION);
                if (action == WSConstants.TS) timestampValidated = true;
                if (action != WSConstants.SIGN) continue;
                signatures++;
                X509Certificate certificate = (X509Certificate) result.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
                out.put("certificate", certificate == null ? null : certificate.getSubjectX500Principal().getName());
                Object referenceType = result.get(WSSecurityEngineResult.TAG_X509_REFERENCE_TYPE);
                out.put("keyReference", referenceType == null ? null : referenceType.toString());
                out.put("signatureMethod", (String) result.get(WSSecurityEngineResult.TAG_SIGNATURE_METHOD));
                out.put("canonicalizationMethod", (String) result.get(WSSecurityEngineResult.TAG_CANONICALIZATION_METHOD));
                @SuppressWarnings("unchecked")
                List<WSDataRef> refs = (List<WSDataRef>) result.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
                for (WSDataRef ref : refs) {
                    String id = ref.getWsuId() == null ? "" : ref.getWsuId();
                    signed.add(ref.getName() + "#" + (id.startsWith("#") ? id.substring(1) : id));
                    if (ref.getProtectedElement() == body) bodySigned = true;
                    if (timestamp != null && ref.getProtectedElement() == timestamp) timestampSigned = true;
                }
            }
            if (signatures != 1) throw new Rejected("expected one signature, WSS4J processed " + signatures);
            if (!timestampValidated) throw new Rejected("no Timestamp was processed: a response without one must be rejected");
            if (!bodySigned) throw new Rejected("the Envelope's Body is not among the signed elements");
            if (!timestampSigned) throw new Rejected("the Security header's Timestamp is not among the signed elements");
            out.putList("signedElements", signed);
            out.put("verified", true);
            System.out.println(out);
            return 0;
        } catch (WSSecurityException e) {
            return reject(out, signed, "WSSecurityException: " + e.getMessage() + describeCause(e));
        } catch (Rejected e) {
            return reject(out, signed, e.getMessage());
        }
    }

    private static int reject(Json out, List<String> signed, String error) {
        out.putList("signedElements", signed);
        out.put("verified", false);
        out.put("error", error);
        System.out.println(out);
        System.err.println("wss4j: rejected: " + error);
        return 1;
    }

    private static String describeCause(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause())
            text.append(" / caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        return text.toString();
    }

    private static int sign(File envelope, File keyFile, File certificatePem, String keyReference, File output, String signatureMethod) throws Exception {
        Document document = parse(envelope);
        X509Certificate certificate = readCertificate(certificatePem);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(KEY_ALIAS, readPrivateKey(keyFile), KEY_PASSWORD, new X509Certificate[] { certificate });
        Merlin crypto = new Merlin();
        crypto.setKeyStore(keys);

        WSSecHeader header = new WSSecHeader();
        header.setMustUnderstand(true);
        header.insertSecurityHeader(document);

        WSSecTimestamp timestamp = new WSSecTimestamp();
        timestamp.setTimeToLive(300);
        timestamp.build(document, header);

        WSSecSignature signature = new WSSecSignature();
        signature.setUserInfo(KEY_ALIAS, new String(KEY_PASSWORD));
        signature.setKeyIdentifierType(keyIdentifierType(keyReference));
        if (!signatureMethod.equals(WSS4J_DEFAULTS)) {
            signature.setSignatureAlgorithm(signatureMethod);
            signature.setDigestAlgo(digestFor(signatureMethod));
        }
        signature.setSigCanonicalization(WSConstants.C14N_EXCL_OMIT_COMMENTS);
        List<WSEncryptionPart> parts = new ArrayList<>();
        parts.add(new WSEncryptionPart(WSConstants.ELEM_BODY, document.getDocumentElement().getNamespaceURI(), ""));
        parts.add(new WSEncryptionPart(WSConstants.TIMESTAMP_TOKEN_LN, WSConstants.WSU_NS, ""));
        signature.setParts(parts);
        signature.build(document, crypto, header);

        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        try (OutputStream stream = new FileOutputStream(output)) {
            transformer.transform(new DOMSource(document), new StreamResult(stream));
        }
        return 0;
    }

    private static int keyIdentifierType(String name) {
        switch (name) {
            case "BST_DIRECT_REFERENCE": return WSConstants.BST_DIRECT_REFERENCE;
            case "ISSUER_SERIAL": return WSConstants.ISSUER_SERIAL;
            case "SKI_KEY_IDENTIFIER": return WSConstants.SKI_KEY_IDENTIFIER;
            case "THUMBPRINT_IDENTIFIER": return WSConstants.THUMBPRINT_IDENTIFIER;
            default: throw new IllegalArgumentException("unknown key identifier type " + name);
        }
    }

    private static String digestFor(String signatureMethod) {
        if (signatureMethod.endsWith("sha512")) return "http://www.w3.org/2001/04/xmlenc#sha512";
        if (signatureMethod.endsWith("sha384")) return "http://www.w3.org/2001/04/xmldsig-more#sha384";
        if (signatureMethod.endsWith("sha256")) return WSConstants.SHA256;
        throw new IllegalArgumentException("no digest chosen for " + signatureMethod);
    }

    private static Document parse(File file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream stream = new FileInputStream(file)) {
            return builder.parse(stream);
        }
    }

    private static Element bodyOf(Document document) throws Rejected {
        Element envelope = document.getDocumentElement();
        Element found = null;
        for (Node n = envelope.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && "Body".equals(n.getLocalName()) && envelope.getNamespaceURI().equals(n.getNamespaceURI())) {
                if (found != null) throw new Rejected("more than one Body");
                found = (Element) n;
            }
        }
        if (found == null) throw new Rejected("no Body");
        return found;
    }

    /** The Timestamp child of the (one) wsse:Security header, or null. */
    private static Element timestampOf(Document document) {
        Element envelope = document.getDocumentElement();
        for (Node h = envelope.getFirstChild(); h != null; h = h.getNextSibling()) {
            if (!(h instanceof Element) || !"Header".equals(h.getLocalName())) continue;
            for (Node s = h.getFirstChild(); s != null; s = s.getNextSibling()) {
                if (!(s instanceof Element) || !"Security".equals(s.getLocalName()) || !WSConstants.WSSE_NS.equals(s.getNamespaceURI())) continue;
                for (Node t = s.getFirstChild(); t != null; t = t.getNextSibling())
                    if (t instanceof Element && "Timestamp".equals(t.getLocalName()) && WSConstants.WSU_NS.equals(t.getNamespaceURI())) return (Element) t;
            }
        }
        return null;
    }

    private static X509Certificate readCertificate(File pem) throws Exception {
        try (InputStream stream = new FileInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(stream);
        }
    }

    private static PrivateKey readPrivateKey(File file) throws Exception {
        byte[] content = Files.readAllBytes(file.toPath());
        String text = new String(content, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(new ByteArrayInputStream(content), new char[0]);
            for (Enumeration<String> aliases = p12.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (p12.isKeyEntry(alias)) return (PrivateKey) p12.getKey(alias, new char[0]);
            }
            throw new IllegalArgumentException(file + " is neither a PKCS#8 PEM nor a PKCS#12 with a key");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] { "RSA", "EC" }) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(file + " holds neither an RSA nor an EC PKCS#8 key");
    }

    /** Just enough JSON for a flat object of strings, booleans and string lists. */
    private static final class Json {
        private final StringBuilder text = new StringBuilder();

        void put(String name, String value) { field(name).append(value == null ? "null" : quote(value)); }

        void put(String name, boolean value) { field(name).append(value); }

        void putList(String name, List<String> values) {
            StringBuilder b = field(name).append('[');
            for (int i = 0; i < values.size(); i++) b.append(i == 0 ? "" : ",").append(quote(values.get(i)));
            b.append(']');
        }

        private StringBuilder field(String name) { return text.append(text.length() == 0 ? "" : ",").append(quote(name)).append(':'); }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }

        @Override public String toString() { return "{" + text + "}"; }
    }
}
