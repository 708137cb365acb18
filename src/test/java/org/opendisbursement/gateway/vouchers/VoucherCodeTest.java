package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Voucher codes: the check symbol catches every single mistyped symbol and every swap of neighbours, reading forgives
 * what people do, and only the tail ever shows.
 */
class VoucherCodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String symbols(VoucherCode code) {
        return code.formatted().replace("-", "");
    }

    private static boolean valid(String text) {
        return VoucherCode.read(text) instanceof VoucherCode.Valid;
    }

    @Test
    void everySingleSubstitutionIsCaughtOnSampleCodes() {
        int tried = 0;
        for (int sample = 0; sample < 500; sample++) {
            String code = symbols(VoucherCode.generate(RANDOM));
            assertThat(valid(code)).isTrue();
            for (int position = 0; position < code.length(); position++) {
                for (char replacement : VoucherCode.ALPHABET.toCharArray()) {
                    if (replacement == code.charAt(position)) {
                        continue;
                    }
                    String typo = code.substring(0, position) + replacement + code.substring(position + 1);
                    assertThat(valid(typo)).as("%s with %c at %d", code, replacement, position).isFalse();
                    tried++;
                }
            }
        }
        assertThat(tried).isEqualTo(500 * 18 * 31);
    }

    @Test
    void everySwapOfNeighboursIsCaughtOnSampleCodes() {
        int tried = 0;
        for (int sample = 0; sample < 2000; sample++) {
            String code = symbols(VoucherCode.generate(RANDOM));
            for (int position = 0; position + 1 < code.length(); position++) {
                if (code.charAt(position) == code.charAt(position + 1)) {
                    continue;
                }
                char[] swapped = code.toCharArray();
                swapped[position] = code.charAt(position + 1);
                swapped[position + 1] = code.charAt(position);
                assertThat(valid(new String(swapped))).as("%s swapped at %d", code, position).isFalse();
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(2000 * 15);
    }

    @Test
    void everyPairOfNeighbourSymbolsIsCaughtSwappedAtEveryPosition() {
        // exhaustive over the symbols: all 32 × 31 ordered pairs of different symbols, at every position of a code
        String base = symbols(VoucherCode.generate(RANDOM));
        int tried = 0;
        for (int position = 0; position + 1 < VoucherCode.RANDOM_SYMBOLS; position++) {
            for (char a : VoucherCode.ALPHABET.toCharArray()) {
                for (char b : VoucherCode.ALPHABET.toCharArray()) {
                    if (a == b) {
                        continue;
                    }
                    String withPair = withCheck(base.substring(0, position) + a + b + base.substring(position + 2, VoucherCode.RANDOM_SYMBOLS));
                    String swapped = withPair.substring(0, position) + b + a + withPair.substring(position + 2);
                    assertThat(valid(withPair)).isTrue();
                    assertThat(valid(swapped)).as("%s swapped at %d", withPair, position).isFalse();
                    tried++;
                }
            }
        }
        // and a swap of the last random symbol with the check symbol
        for (int sample = 0; sample < 1000; sample++) {
            String code = symbols(VoucherCode.generate(RANDOM));
            char last = code.charAt(16);
            char check = code.charAt(17);
            if (last != check) {
                assertThat(valid(code.substring(0, 16) + check + last)).isFalse();
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(16 * 32 * 31);
    }

    private static String withCheck(String randomPart) {
        int[] values = new int[VoucherCode.LENGTH];
        for (int i = 0; i < VoucherCode.RANDOM_SYMBOLS; i++) {
            values[i] = VoucherCode.ALPHABET.indexOf(randomPart.charAt(i));
        }
        return randomPart + VoucherCode.ALPHABET.charAt(VoucherCode.checkValue(values, VoucherCode.RANDOM_SYMBOLS));
    }

    @Test
    void readingForgivesCaseSpacesHyphensAndLookalikes() {
        VoucherCode code = VoucherCode.generate(RANDOM);
        String printed = code.formatted();
        assertThat(printed).matches("[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}");
        assertThat(VoucherCode.read(printed.toLowerCase())).isEqualTo(new VoucherCode.Valid(code));
        assertThat(VoucherCode.read(" " + printed.replace("-", " ") + " ")).isEqualTo(new VoucherCode.Valid(code));
        assertThat(VoucherCode.read(code.qrPayload())).isEqualTo(new VoucherCode.Valid(code));
        assertThat(VoucherCode.read(printed.replace('0', 'O').replace('1', 'l'))).isEqualTo(new VoucherCode.Valid(code));
    }

    @Test
    void wrongLengthsAndForeignCharactersAreMistypedWithoutEchoingTheCode() {
        String printed = VoucherCode.generate(RANDOM).formatted();
        assertThat(VoucherCode.read(printed.substring(0, printed.length() - 1))).isInstanceOf(VoucherCode.Mistyped.class);
        assertThat(VoucherCode.read(printed + "7")).isInstanceOf(VoucherCode.Mistyped.class);
        assertThat(VoucherCode.read(printed.replace(printed.charAt(3), 'U'))).isInstanceOf(VoucherCode.Mistyped.class);
        assertThat(VoucherCode.read("")).isInstanceOf(VoucherCode.Mistyped.class);
        assertThat(VoucherCode.read(null)).isInstanceOf(VoucherCode.Mistyped.class);
        VoucherCode.Mistyped mistyped = (VoucherCode.Mistyped) VoucherCode.read(printed + "7");
        assertThat(mistyped.reason()).doesNotContain(printed.substring(0, 6));
    }

    @Test
    void codesCarryEightyFiveRandomBitsAndOnlyTheirTailShows() {
        Set<String> seen = new HashSet<>();
        int[] perSymbol = new int[32];
        for (int i = 0; i < 20_000; i++) {
            VoucherCode code = VoucherCode.generate(RANDOM);
            assertThat(seen.add(code.formatted())).isTrue();
            perSymbol[VoucherCode.ALPHABET.indexOf(code.formatted().charAt(0))]++;
        }
        // every symbol turns up in the first position, roughly evenly (expected 625 each)
        for (int count : perSymbol) {
            assertThat(count).isBetween(450, 800);
        }
        // even to someone who knows the stored tail (three random symbols and the check), 70 bits stay unknown
        assertThat((VoucherCode.RANDOM_SYMBOLS - (VoucherCode.TAIL - 1)) * 5).isGreaterThanOrEqualTo(64);
        VoucherCode code = VoucherCode.generate(RANDOM);
        assertThat(code.toString()).isEqualTo("…" + code.tail()).doesNotContain(code.formatted().substring(0, 6));
        assertThat(code.hash()).hasSize(64).isEqualTo(((VoucherCode.Valid) VoucherCode.read(code.qrPayload())).code().hash());
        assertThat(code.tail()).isEqualTo(code.formatted().substring(code.formatted().length() - 4));
    }
}
