package org.opendisbursement.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * The keys the Nagad mock holds: its own private key (signs handshake answers), the merchant's
 * public key (verifies handshake signatures, encrypts the session secret) and the merchant's static
 * HMAC key (verifies every payout's {@code transactionSignature}; in real life the merchant uploads it
 * in the Nagad portal). TEST keys only. Each is read from the first of: the file named by system
 * property {@value #PRIVATE_KEY_PROPERTY} / {@value #MERCHANT_PUBLIC_KEY_PROPERTY} /
 * {@value #MERCHANT_HMAC_KEY_PROPERTY}; the file in the given keys folder (mock-providers/keys); the
 * copy packaged on the classpath under {@value #KEYS_ON_CLASSPATH}.
 */
record NagadKeys(PrivateKey nagadPrivateKey, PublicKey merchantPublicKey, byte[] merchantHmacKey) {

    static final String PRIVATE_KEY_PROPERTY = "mock.nagad.privateKey";
    static final String MERCHANT_PUBLIC_KEY_PROPERTY = "mock.nagad.merchantPublicKey";
    static final String MERCHANT_HMAC_KEY_PROPERTY = "mock.nagad.merchantHmacKey";
    static final String KEYS_ON_CLASSPATH = "mock-providers/keys/";
    /** Hex text between armour lines; named .pem so the module's packaging (keys/*.pem) carries it. */
    static final String MERCHANT_HMAC_KEY_FILE = "test-only-nagad-merchant-hmac-key.pem";

    /** @param keysDir the mock-providers/keys folder, or null to skip it */
    static NagadKeys load(Path keysDir) {
        return new NagadKeys(
                NagadCrypto.privateKeyFromPem(read(PRIVATE_KEY_PROPERTY, keysDir, "test-only-nagad-mock-private.pem")),
                NagadCrypto.publicKeyFromPem(read(MERCHANT_PUBLIC_KEY_PROPERTY, keysDir, "test-only-merchant-public.pem")),
                hexKey(read(MERCHANT_HMAC_KEY_PROPERTY, keysDir, MERCHANT_HMAC_KEY_FILE)));
    }

    /** The key bytes of an armoured hex key file (lines starting with "-----" or "#" are not key text). */
    static byte[] hexKey(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("-----") && !stripped.startsWith("#")) {
                hex.append(stripped);
            }
        }
        return HexFormat.of().parseHex(hex.toString().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "NagadKeys[test keys]";
    }

    private static String read(String property, Path keysDir, String fileName) {
        String configured = System.getProperty(property);
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
                : keysDir != null && Files.isRegularFile(keysDir.resolve(fileName)) ? keysDir.resolve(fileName)
                : null;
        try {
            if (file != null) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            try (InputStream in = NagadKeys.class.getClassLoader().getResourceAsStream(KEYS_ON_CLASSPATH + fileName)) {
                if (in == null) {
                    throw new IllegalStateException("Nagad test key " + fileName + " not found: set -D" + property
                            + ", pass the mock-providers folder to MockProviders.start, or put the jar on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Nagad key " + (file != null ? file : fileName), e);
        }
    }
}
