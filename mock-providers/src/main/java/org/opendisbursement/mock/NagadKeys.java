package org.opendisbursement.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The keys the Nagad mock holds: its own private key (signs handshake answers) and the merchant's
 * public key (verifies handshake signatures, encrypts the session secret). TEST keys only. Each is
 * read from the first of: the file named by system property {@value #PRIVATE_KEY_PROPERTY} /
 * {@value #MERCHANT_PUBLIC_KEY_PROPERTY}; the PEM file in the given keys folder (mock-providers/keys);
 * the copy packaged on the classpath under {@value #KEYS_ON_CLASSPATH}.
 */
record NagadKeys(PrivateKey nagadPrivateKey, PublicKey merchantPublicKey) {

    static final String PRIVATE_KEY_PROPERTY = "mock.nagad.privateKey";
    static final String MERCHANT_PUBLIC_KEY_PROPERTY = "mock.nagad.merchantPublicKey";
    static final String KEYS_ON_CLASSPATH = "mock-providers/keys/";

    /** @param keysDir the mock-providers/keys folder, or null to skip it */
    static NagadKeys load(Path keysDir) {
        return new NagadKeys(
                NagadCrypto.privateKeyFromPem(read(PRIVATE_KEY_PROPERTY, keysDir, "test-only-nagad-mock-private.pem")),
                NagadCrypto.publicKeyFromPem(read(MERCHANT_PUBLIC_KEY_PROPERTY, keysDir, "test-only-merchant-public.pem")));
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
