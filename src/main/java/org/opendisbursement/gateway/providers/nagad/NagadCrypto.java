package org.opendisbursement.gateway.providers.nagad;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptographic primitives of Nagad's disbursement API, as the one public client
 * ({@code polygontech/nagad-disbursement}) uses them: SHA256withRSA signatures, RSA/ECB/PKCS1Padding for the
 * handshake secret, AES-128-CBC (PKCS#5/7 padding) with the session key and iv for bodies, and HmacSHA256 keyed by
 * the merchant's static HMAC key (hex-decoded) over the transactionInfo JSON text for the transactionSignature,
 * Base64 of the raw MAC. Binary values travel as standard Base64, text as UTF-8. Stateless and thread-safe (a new
 * JCA object per call). Failures are {@link CryptoFailure}s whose messages never contain key material or data.
 */
final class NagadCrypto {

    static final String SIGNATURE = "SHA256withRSA";
    static final String RSA = "RSA/ECB/PKCS1Padding";
    static final String AES = "AES/CBC/PKCS5Padding";
    static final String HMAC = "HmacSHA256";

    /** DER prefix that wraps a PKCS#1 RSAPrivateKey into PKCS#8 (version 0, rsaEncryption, NULL parameters). */
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
            0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};

    private NagadCrypto() {
    }

    /** A crypto step failed: bad Base64, wrong key, tampered or truncated data. */
    static final class CryptoFailure extends RuntimeException {
        CryptoFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String sign(PrivateKey key, String data) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE);
            signature.initSign(key);
            signature.update(data.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("cannot sign with the merchant private key", e);
        }
    }

    static boolean verify(PublicKey key, String data, String signatureBase64) {
        if (signatureBase64 == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(SIGNATURE);
            signature.initVerify(key);
            signature.update(data.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String rsaDecrypt(PrivateKey key, String cipherBase64) {
        try {
            Cipher cipher = Cipher.getInstance(RSA);
            cipher.init(Cipher.DECRYPT_MODE, key);
            return new String(cipher.doFinal(Base64.getDecoder().decode(cipherBase64.strip())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new CryptoFailure("cannot RSA-decrypt with the merchant private key", e);
        }
    }

    static String aesEncrypt(byte[] key, byte[] iv, String plainText) {
        try {
            Cipher cipher = Cipher.getInstance(AES);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plainText.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("cannot AES-encrypt with the session key", e);
        }
    }

    static String aesDecrypt(byte[] key, byte[] iv, String cipherBase64) {
        try {
            Cipher cipher = Cipher.getInstance(AES);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return new String(cipher.doFinal(Base64.getDecoder().decode(cipherBase64.strip())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new CryptoFailure("cannot AES-decrypt with the session key", e);
        }
    }

    /** Base64(HmacSHA256(key, text)) over the UTF-8 bytes of {@code text}; {@code key} is the static merchant key. */
    static String hmacSha256(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("cannot compute the HMAC", e);
        }
    }

    /**
     * An RSA private key from PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
     * or the bare Base64 of a PKCS#8 key (as merchant portals often hand it out). Literal {@code \n} sequences, as
     * environment variables sometimes carry them, are read as line breaks.
     */
    static PrivateKey privateKey(String pem) {
        String text = unescape(pem);
        try {
            byte[] der;
            if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
                der = pkcs1ToPkcs8(body(text, "RSA PRIVATE KEY"));
            } else if (text.contains("-----BEGIN")) {
                der = body(text, "PRIVATE KEY");
            } else {
                der = Base64.getMimeDecoder().decode(text);
            }
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("not an RSA private key (PKCS#8 or PKCS#1 PEM expected)", e);
        }
    }

    /** An RSA public key from PEM text ({@code BEGIN PUBLIC KEY}, X.509 SubjectPublicKeyInfo) or its bare Base64. */
    static PublicKey publicKey(String pem) {
        String text = unescape(pem);
        try {
            byte[] der = text.contains("-----BEGIN") ? body(text, "PUBLIC KEY") : Base64.getMimeDecoder().decode(text);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("not an RSA public key (X.509 PEM 'BEGIN PUBLIC KEY' expected)", e);
        }
    }

    private static String unescape(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new CryptoFailure("empty key", null);
        }
        return pem.replace("\\n", "\n").strip();
    }

    private static byte[] body(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("PEM block '" + label + "' not found");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] octetString = der((byte) 0x04, pkcs1);
        byte[] content = new byte[RSA_ALGORITHM_IDENTIFIER.length + octetString.length];
        System.arraycopy(RSA_ALGORITHM_IDENTIFIER, 0, content, 0, RSA_ALGORITHM_IDENTIFIER.length);
        System.arraycopy(octetString, 0, content, RSA_ALGORITHM_IDENTIFIER.length, octetString.length);
        return der((byte) 0x30, content);
    }

    private static byte[] der(byte tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[] {(byte) length};
        } else if (length <= 0xFF) {
            lengthBytes = new byte[] {(byte) 0x81, (byte) length};
        } else if (length <= 0xFFFF) {
            lengthBytes = new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        } else {
            lengthBytes = new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
        byte[] out = new byte[1 + lengthBytes.length + length];
        out[0] = tag;
        System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
        System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
        return out;
    }
}
