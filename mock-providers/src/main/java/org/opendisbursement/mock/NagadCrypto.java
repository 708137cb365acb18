package org.opendisbursement.mock;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The primitives of the Nagad disbursement protocol as the mock implements them (the same calls serve
 * a test client). Everything binary travels as standard Base64; text is UTF-8.
 * <ul>
 *   <li>signatures: SHA256withRSA</li>
 *   <li>handshake secret: RSA/ECB/PKCS1Padding with the merchant's public key</li>
 *   <li>session bodies: AES/CBC/PKCS5Padding (AES-128) with the handshake's key and iv</li>
 *   <li>transactionSignature: HmacSHA256 keyed with the handshake's AES key bytes</li>
 * </ul>
 */
public final class NagadCrypto {

    public static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    public static final String RSA_CIPHER = "RSA/ECB/PKCS1Padding";
    public static final String AES_CIPHER = "AES/CBC/PKCS5Padding";
    public static final String HMAC_ALGORITHM = "HmacSHA256";

    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private NagadCrypto() {
    }

    /** Signature errors that are the caller's fault: bad Base64, wrong key, tampered data. */
    public static final class CryptoFailure extends RuntimeException {
        CryptoFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String sign(PrivateKey key, String data) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
            signature.initSign(key);
            signature.update(data.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("cannot sign", e);
        }
    }

    public static boolean verify(PublicKey key, String data, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
            signature.initVerify(key);
            signature.update(data.getBytes(StandardCharsets.UTF_8));
            return signature.verify(DECODER.decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String rsaEncrypt(PublicKey key, String plainText) {
        try {
            Cipher cipher = Cipher.getInstance(RSA_CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return ENCODER.encodeToString(cipher.doFinal(plainText.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("cannot RSA-encrypt (plain text longer than 245 bytes?)", e);
        }
    }

    public static String rsaDecrypt(PrivateKey key, String cipherBase64) {
        try {
            Cipher cipher = Cipher.getInstance(RSA_CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key);
            return new String(cipher.doFinal(DECODER.decode(cipherBase64)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("cannot RSA-decrypt", e);
        }
    }

    public static String aesEncrypt(byte[] key, byte[] iv, String plainText) {
        try {
            Cipher cipher = Cipher.getInstance(AES_CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return ENCODER.encodeToString(cipher.doFinal(plainText.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("cannot AES-encrypt", e);
        }
    }

    public static String aesDecrypt(byte[] key, byte[] iv, String cipherBase64) {
        try {
            Cipher cipher = Cipher.getInstance(AES_CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return new String(cipher.doFinal(DECODER.decode(cipherBase64)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("cannot AES-decrypt", e);
        }
    }

    public static String hmacSha256(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, HMAC_ALGORITHM));
            return ENCODER.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("cannot compute HMAC", e);
        }
    }

    /** A PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey privateKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("not an RSA PKCS#8 private key", e);
        }
    }

    /** An X.509 SubjectPublicKeyInfo public key ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("not an RSA public key", e);
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("PEM block '" + label + "' not found");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
    }
}
