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
 * public key (verifies handshake signatures, encrypts the session secret). TEST keys only: by default
 * the PEM files of mock-providers/keys/ from the classpath; system properties
 * {@value #PRIVATE_KEY_PROPERTY} and {@value #MERCHANT_PUBLIC_KEY_PROPERTY} point to other files.
 */
record NagadKeys(PrivateKey nagadPrivateKey, PublicKey merchantPublicKey) {

    static final String PRIVATE_KEY_PROPERTY = "mock.nagad.privateKey";
    static final String MERCHANT_PUBLIC_KEY_PROPERTY = "mock.nagad.merchantPublicKey";
    static final String KEYS_ON_CLASSPATH = "mock-providers/keys/";

    static NagadKeys load() {
        return new NagadKeys(
                NagadCrypto.privateKeyFromPem(read(PRIVATE_KEY_PROPERTY, "test-only-nagad-mock-private.pem")),
                NagadCrypto.publicKeyFromPem(read(MERCHANT_PUBLIC_KEY_PROPERTY, "test-only-merchant-public.pem")));
    }

    private static String read(String property, String defaultFile) {
        String path = System.getProperty(property);
        try {
            if (path != null && !path.isBlank()) {
                return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
            }
            try (InputStream in = NagadKeys.class.getClassLoader().getResourceAsStream(KEYS_ON_CLASSPATH + defaultFile)) {
                if (in == null) {
                    throw new IllegalStateException("missing classpath resource " + KEYS_ON_CLASSPATH + defaultFile);
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Nagad key " + (path != null ? path : defaultFile), e);
        }
    }
}
