package org.opendisbursement.gateway.providers.nagad;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * The three keys of the merchant's Nagad contract: the merchant private key (signs the handshake, decrypts the
 * session secret), Nagad's public key (verifies the handshake answer) and the merchant's static HMAC key (signs
 * every payout's {@code transactionSignature}; the merchant uploads it in the Nagad portal). Each comes from the
 * credential holding the key itself ({@code merchant-private-key-pem}, {@code nagad-public-key-pem}, {@code hmac-key}
 * as hex: production secrets from the environment) or, failing that, from the file it names (the same name with
 * {@code -file}; a relative path is read from the working directory; in an HMAC key file, lines starting with
 * {@code -----} or {@code #} are not key text).
 */
record NagadKeys(PrivateKey merchantPrivateKey, PublicKey nagadPublicKey, byte[] hmacKey) {

    static final String MERCHANT_PRIVATE_KEY = "merchant-private-key-pem";
    static final String NAGAD_PUBLIC_KEY = "nagad-public-key-pem";
    static final String HMAC_KEY = "hmac-key";

    /**
     * @throws RuntimeException when a key is missing, unreadable or not of its kind (the message says which one,
     *                          never its content)
     */
    static NagadKeys from(ProviderSettings settings) {
        Map<String, String> credentials = settings.credentials();
        try {
            return new NagadKeys(NagadCrypto.privateKey(text(credentials, MERCHANT_PRIVATE_KEY)),
                    NagadCrypto.publicKey(text(credentials, NAGAD_PUBLIC_KEY)),
                    hexKey(text(credentials, HMAC_KEY)));
        } catch (NagadCrypto.CryptoFailure e) {
            throw new IllegalStateException("Nagad key unusable: " + e.getMessage(), e);
        }
    }

    /** The bytes of a hex key (as the client does: {@code hex2bin}), armour and comment lines left out. */
    static byte[] hexKey(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("-----") && !stripped.startsWith("#")) {
                hex.append(stripped);
            }
        }
        try {
            byte[] key = HexFormat.of().parseHex(hex.toString().toLowerCase(Locale.ROOT));
            if (key.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new NagadCrypto.CryptoFailure("the HMAC key ('" + HMAC_KEY + "') must be hexadecimal text", e);
        }
    }

    private static String text(Map<String, String> credentials, String name) {
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
        return "NagadKeys[merchantPrivateKey=***, nagadPublicKey=***, hmacKey=***]";
    }
}
