package org.opendisbursement.gateway.providers.nagad;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * The two RSA keys of the merchant's Nagad contract: the merchant private key (signs the handshake, decrypts the
 * session secret) and Nagad's public key (verifies the handshake answer). Each comes from the credential holding
 * the PEM text itself ({@code merchant-private-key-pem}, {@code nagad-public-key-pem}: production secrets from the
 * environment) or, failing that, from the PEM file it names ({@code merchant-private-key-pem-file},
 * {@code nagad-public-key-pem-file}; a relative path is read from the working directory).
 */
record NagadKeys(PrivateKey merchantPrivateKey, PublicKey nagadPublicKey) {

    static final String MERCHANT_PRIVATE_KEY = "merchant-private-key-pem";
    static final String NAGAD_PUBLIC_KEY = "nagad-public-key-pem";

    /**
     * @throws RuntimeException when a key is missing, unreadable or not an RSA key (the message says which one,
     *                          never its content)
     */
    static NagadKeys from(ProviderSettings settings) {
        Map<String, String> credentials = settings.credentials();
        try {
            return new NagadKeys(NagadCrypto.privateKey(pem(credentials, MERCHANT_PRIVATE_KEY)),
                    NagadCrypto.publicKey(pem(credentials, NAGAD_PUBLIC_KEY)));
        } catch (NagadCrypto.CryptoFailure e) {
            throw new IllegalStateException("Nagad key unusable: " + e.getMessage(), e);
        }
    }

    private static String pem(Map<String, String> credentials, String name) {
        String text = credentials.get(name);
        if (text != null && !text.isBlank()) {
            return text;
        }
        String file = credentials.get(name + "-file");
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("missing Nagad credential '" + name + "' or '" + name + "-file'");
        }
        try {
            return Files.readString(Path.of(file.strip()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Nagad key file named by '" + name + "-file'", e);
        }
    }

    @Override
    public String toString() {
        return "NagadKeys[merchantPrivateKey=***, nagadPublicKey=***]";
    }
}
