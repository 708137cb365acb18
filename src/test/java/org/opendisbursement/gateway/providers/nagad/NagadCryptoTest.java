package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * The Nagad primitives with the test-only keys of mock-providers/keys, checked against known answers and against
 * the mock's own implementation ({@code org.opendisbursement.mock.NagadCrypto}), which is what Nagad is to the tests.
 */
class NagadCryptoTest {

    private static final Path KEYS = Path.of("mock-providers/keys");
    private static final String MERCHANT_PRIVATE = read("test-only-merchant-private.pem");
    private static final String MERCHANT_PUBLIC = read("test-only-merchant-public.pem");
    private static final String NAGAD_PRIVATE = read("test-only-nagad-mock-private.pem");
    private static final String NAGAD_PUBLIC = read("test-only-nagad-mock-public.pem");

    @Test
    void handshakeSignatureVerifiesWithTheMerchantPublicKeyAndNothingElse() {
        PrivateKey merchant = NagadCrypto.privateKey(MERCHANT_PRIVATE);
        String data = "683002007104225" + "20261123094626" + "a1b2c3";

        String signature = NagadCrypto.sign(merchant, data);

        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(MERCHANT_PUBLIC), data, signature)).isTrue();
        assertThat(org.opendisbursement.mock.NagadCrypto.verify(
                org.opendisbursement.mock.NagadCrypto.publicKeyFromPem(MERCHANT_PUBLIC), data, signature)).isTrue();
        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(MERCHANT_PUBLIC), data + "x", signature)).isFalse();
        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(NAGAD_PUBLIC), data, signature)).isFalse();
        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(MERCHANT_PUBLIC), data, "not base64!")).isFalse();
        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(MERCHANT_PUBLIC), data, null)).isFalse();
    }

    @Test
    void nagadSignatureOfTheSessionSecretVerifiesWithTheNagadPublicKey() {
        String secret = "{\"key\":\"k\",\"iv\":\"i\",\"keyId\":\"KID1\",\"challenge\":\"c\"}";
        String signature = org.opendisbursement.mock.NagadCrypto.sign(
                org.opendisbursement.mock.NagadCrypto.privateKeyFromPem(NAGAD_PRIVATE), secret);

        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(NAGAD_PUBLIC), secret, signature)).isTrue();
        assertThat(NagadCrypto.verify(NagadCrypto.publicKey(MERCHANT_PUBLIC), secret, signature)).isFalse();
    }

    @Test
    void sessionSecretEncryptedForTheMerchantDecryptsWithTheMerchantPrivateKey() {
        String secret = "{\"key\":\"AAECAwQFBgcICQoLDA0ODw==\",\"iv\":\"EBESExQVFhcYGRobHB0eHw==\",\"keyId\":\"KID\","
                + "\"challenge\":\"c0ffee\"}";
        String encrypted = org.opendisbursement.mock.NagadCrypto.rsaEncrypt(
                org.opendisbursement.mock.NagadCrypto.publicKeyFromPem(MERCHANT_PUBLIC), secret);

        assertThat(NagadCrypto.rsaDecrypt(NagadCrypto.privateKey(MERCHANT_PRIVATE), encrypted)).isEqualTo(secret);
        assertThatThrownBy(() -> NagadCrypto.rsaDecrypt(NagadCrypto.privateKey(NAGAD_PRIVATE), encrypted))
                .isInstanceOf(NagadCrypto.CryptoFailure.class)
                .hasMessageNotContaining("c0ffee");
    }

    @Test
    void aesRoundTripAndInteroperability() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        String plain = "{\"transactionSignature\":\"x\",\"transactionInfo\":{\"purpose\":\"নগদ সহায়তা\"}}";

        String encrypted = NagadCrypto.aesEncrypt(key, iv, plain);

        assertThat(encrypted).isNotEqualTo(plain);
        assertThat(NagadCrypto.aesDecrypt(key, iv, encrypted)).isEqualTo(plain);
        assertThat(org.opendisbursement.mock.NagadCrypto.aesDecrypt(key, iv, encrypted)).isEqualTo(plain);
        assertThat(NagadCrypto.aesDecrypt(key, iv, org.opendisbursement.mock.NagadCrypto.aesEncrypt(key, iv, plain)))
                .isEqualTo(plain);
        // fixed vector from `printf hello | openssl enc -aes-128-cbc -K 0001…0f -iv 1011…1f | base64`
        byte[] fixedKey = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] fixedIv = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
        assertThat(NagadCrypto.aesEncrypt(fixedKey, fixedIv, "hello")).isEqualTo("MvbW6h7Ihy3rzOqFltnDww==");
        assertThat(NagadCrypto.aesDecrypt(fixedKey, fixedIv, "MvbW6h7Ihy3rzOqFltnDww==")).isEqualTo("hello");
        assertThatThrownBy(() -> NagadCrypto.aesDecrypt(key, iv, "%%%"))
                .isInstanceOf(NagadCrypto.CryptoFailure.class);
    }

    @Test
    void hmacIsBase64OfTheRawHmacSha256() {
        // the well-known HMAC-SHA256 vector
        String expected = Base64.getEncoder().encodeToString(HexFormat.of()
                .parseHex("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
        byte[] key = "key".getBytes(StandardCharsets.UTF_8);
        String text = "The quick brown fox jumps over the lazy dog";

        assertThat(NagadCrypto.hmacSha256(key, text)).isEqualTo(expected);
        assertThat(org.opendisbursement.mock.NagadCrypto.hmacSha256(key, text)).isEqualTo(expected);
        assertThat(NagadCrypto.hmacSha256(key, text + " ")).isNotEqualTo(expected);
    }

    @Test
    void theStaticMerchantHmacKeyIsReadAsHexLikeTheClientsHex2binAndSignsAsTheMockVerifies() {
        byte[] fromFile = NagadKeys.hexKey(read("test-only-nagad-merchant-hmac-key.pem"));
        String info = "{\"referenceNo\":\"r\"}";

        assertThat(fromFile).hasSize(32);
        assertThat(NagadKeys.hexKey(HexFormat.of().formatHex(fromFile).toUpperCase())).isEqualTo(fromFile);
        assertThat(NagadCrypto.hmacSha256(fromFile, info))
                .isEqualTo(org.opendisbursement.mock.NagadCrypto.hmacSha256(fromFile, info));
        assertThatThrownBy(() -> NagadKeys.hexKey("not hex")).isInstanceOf(NagadCrypto.CryptoFailure.class)
                .hasMessageContaining("hexadecimal");
    }

    @Test
    void privateKeysAreReadAsPkcs8Pkcs1BareBase64OrWithEscapedLineBreaks() {
        PrivateKey pkcs8 = NagadCrypto.privateKey(MERCHANT_PRIVATE);
        byte[] pkcs8Der = pkcs8.getEncoded();
        // a 2048-bit PKCS#8 RSA key is a 26-byte header around the PKCS#1 RSAPrivateKey
        byte[] pkcs1Der = Arrays.copyOfRange(pkcs8Der, 26, pkcs8Der.length);
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1Der)
                + "\n-----END RSA PRIVATE KEY-----\n";
        String bare = Base64.getEncoder().encodeToString(pkcs8Der);
        String escaped = MERCHANT_PRIVATE.strip().replace("\n", "\\n");

        assertThat(NagadCrypto.pkcs1ToPkcs8(pkcs1Der)).isEqualTo(pkcs8Der);
        for (String form : List.of(pkcs1, bare, escaped)) {
            assertThat(NagadCrypto.privateKey(form).getEncoded()).isEqualTo(pkcs8Der);
        }
        PublicKey fromBare = NagadCrypto.publicKey(Base64.getEncoder()
                .encodeToString(NagadCrypto.publicKey(NAGAD_PUBLIC).getEncoded()));
        assertThat(fromBare).isEqualTo(NagadCrypto.publicKey(NAGAD_PUBLIC));
        assertThatThrownBy(() -> NagadCrypto.privateKey(MERCHANT_PUBLIC)).isInstanceOf(NagadCrypto.CryptoFailure.class);
        assertThatThrownBy(() -> NagadCrypto.publicKey("")).isInstanceOf(NagadCrypto.CryptoFailure.class);
    }

    @Test
    void keysComeFromPemTextOrFromTheNamedFiles() {
        NagadKeys fromFiles = NagadKeys.from(settings(Map.of(
                "merchant-private-key-pem-file", KEYS.resolve("test-only-merchant-private.pem").toString(),
                "nagad-public-key-pem-file", KEYS.resolve("test-only-nagad-mock-public.pem").toString(),
                "hmac-key-file", KEYS.resolve("test-only-nagad-merchant-hmac-key.pem").toString())));
        String hmacHex = HexFormat.of().formatHex(fromFiles.hmacKey());
        NagadKeys fromText = NagadKeys.from(settings(Map.of(
                "merchant-private-key-pem", MERCHANT_PRIVATE, "nagad-public-key-pem", NAGAD_PUBLIC,
                "merchant-private-key-pem-file", "no/such/file.pem", "hmac-key", hmacHex)));

        assertThat(fromText.merchantPrivateKey()).isEqualTo(fromFiles.merchantPrivateKey());
        assertThat(fromText.nagadPublicKey()).isEqualTo(fromFiles.nagadPublicKey());
        assertThat(fromText.hmacKey()).isEqualTo(fromFiles.hmacKey());
        assertThat(fromText.toString()).doesNotContain("MII").doesNotContain(hmacHex);
        assertThatThrownBy(() -> NagadKeys.from(settings(Map.of("nagad-public-key-pem", NAGAD_PUBLIC))))
                .hasMessageContaining("merchant-private-key-pem");
        assertThatThrownBy(() -> NagadKeys.from(settings(Map.of(
                "merchant-private-key-pem", MERCHANT_PRIVATE, "nagad-public-key-pem", NAGAD_PUBLIC))))
                .hasMessageContaining("hmac-key");
        assertThatThrownBy(() -> NagadKeys.from(settings(Map.of(
                "merchant-private-key-pem", NAGAD_PUBLIC, "nagad-public-key-pem", NAGAD_PUBLIC, "hmac-key", hmacHex))))
                .hasMessageContaining("private key")
                .hasMessageNotContaining("MII");
    }

    static ProviderSettings settings(Map<String, String> credentials) {
        return new ProviderSettings(true, "http://localhost:1", credentials, 0, 32, 5, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(48), null,
                List.of(), null);
    }

    private static String read(String file) {
        try {
            return Files.readString(KEYS.resolve(file), StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
