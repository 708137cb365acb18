package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.vouchers.CashLists.cash;
import static org.opendisbursement.gateway.vouchers.CashLists.installmentState;
import static org.opendisbursement.gateway.vouchers.CashLists.ledgerCount;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** A voucher's life beyond the plain hand-over: the printed sheet itself, reprints, reissue, cancel, races, typos. */
@GatewayTest
class VoucherLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Moves moves;

    @Autowired
    VoucherIssue issue;

    Api api;
    SheetClient sheets;

    @BeforeEach
    void clients() {
        api = new Api(port);
        sheets = new SheetClient(port);
        CashLists.forgiveWrongCodes(jdbc);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        CashLists.forgiveWrongCodes(jdbc);
    }

    @Test
    void theSheetHoldsTheBengaliNameInAnEmbeddedFontAndAQrCodeThatReadsAsTheCode() throws Exception {
        long listId = CashLists.released(api, ListFile.of().row(cash("B-1", "রহিমা খাতুন", 7500, 3, "বটিয়াঘাটা ইউনিয়ন")));
        SheetClient.Sheet sheet = sheets.sheet("maker", listId, 1, "বটিয়াঘাটা ইউনিয়ন", null);
        assertThat(sheet.status()).as(sheet.text()).isEqualTo(200);
        assertThat(sheet.text()).contains("রহিমা খাতুন", "বটিয়াঘাটা ইউনিয়ন", "B-1", "BDT 2,500.00",
                "Two thousand five hundred taka only", "installment 1 of 3", "Valid through", "signature or thumbprint",
                "Distribution register");
        String code = SheetClient.codes(sheet.text()).get(0);

        try (PDDocument pdf = Loader.loadPDF(sheet.pdf())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(2);
            PDPage voucherPage = pdf.getPage(0);
            List<PDFont> fonts = new ArrayList<>();
            for (COSName name : voucherPage.getResources().getFontNames()) {
                fonts.add(voucherPage.getResources().getFont(name));
            }
            PDFont bengali = fonts.stream().filter(f -> f.getName().contains("NotoSansBengali")).findFirst().orElseThrow();
            assertThat(bengali).isInstanceOf(PDType0Font.class);
            assertThat(bengali.isEmbedded()).isTrue();
            assertThat(((PDType0Font) bengali).getDescendantFont().getFontDescriptor().getFontFile2()).isNotNull();

            BufferedImage image = new PDFRenderer(pdf).renderImageWithDPI(0, 150, ImageType.RGB);
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
            String payload = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            assertThat(payload).isEqualTo("ODV1:" + code);
        }

        SheetClient.Json paid = sheets.redeem("agent", "ODV1:" + code, "বটিয়াঘাটা ইউনিয়ন");
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        assertThat(paid.body().get("fullName").asString()).isEqualTo("রহিমা খাতুন");
    }

    @Test
    void aVoucherIsPrintedOnceAndAReprintVoidsTheEarlierCodes() {
        long listId = CashLists.released(api, ListFile.of()
                .row(cash("P-1", "Anwara Begum", 2000, 1, "Dumuria"))
                .row(cash("P-2", "মালতী দাস", 2000, 1, "Dumuria")));
        List<String> first = SheetClient.codes(sheets.sheet("maker", listId, 1, "Dumuria", null).text());
        assertThat(first).hasSize(2);

        SheetClient.Sheet twice = sheets.sheet("maker", listId, 1, "Dumuria", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text()).contains("printed once", "reprint=true");
        assertThat(sheets.redeem("agent", first.get(0), "Dumuria").status()).isEqualTo(200);

        SheetClient.Sheet copy = sheets.read("auditor", listId, 1, "Dumuria", null);
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.printed()).isZero();
        assertThat(copy.text()).contains("COPY, NOT VALID FOR PAYMENT", "REDEEMED", "…" + first.get(1).substring(16));
        assertThat(SheetClient.codes(copy.text())).isEmpty();
        SheetClient.Sheet financeCopy = sheets.read("maker", listId, 1, "Dumuria", "copy=true");
        assertThat(financeCopy.status()).isEqualTo(200);
        assertThat(financeCopy.printed()).isZero();
        assertThat(SheetClient.codes(financeCopy.text())).isEmpty();

        SheetClient.Sheet reprintByGet = sheets.read("checker", listId, 1, "Dumuria", "reprint=true");
        assertThat(reprintByGet.status()).as("a GET never voids codes").isEqualTo(405);
        assertThat(reprintByGet.text()).contains("Printing is a POST", "reprint=true");
        assertThat(sheets.read("maker", listId, 1, "Dumuria", null).status()).as("nor prints").isEqualTo(405);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REPRINTED")).isZero();

        SheetClient.Sheet reprint = sheets.sheet("checker", listId, 1, "Dumuria", "reprint=true");
        assertThat(reprint.status()).as(reprint.text()).isEqualTo(200);
        assertThat(reprint.printed()).as("the redeemed voucher is not printed again").isEqualTo(1);
        assertThat(reprint.text()).contains("REPRINT", "মালতী দাস");
        List<String> second = SheetClient.codes(reprint.text());
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);

        SheetClient.Json old = sheets.redeem("agent", first.get(1), "Dumuria");
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.body().get("reason").asString()).isEqualTo("VOID");
        assertThat(sheets.redeem("agent", second.get(0), "Dumuria").status()).isEqualTo(200);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_PRINTED")).isEqualTo(2);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REPRINTED")).isEqualTo(1);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REDEEMED")).isEqualTo(2);
        assertThat(sheets.sheet("maker", listId, 1, "Dumuria", "reprint=true").status()).as("nothing left to pay").isEqualTo(409);
    }

    @Test
    void anOfflineHandOverBeforeAReprintPaysTheVoucherAndTheReprintCannotPayAgain() {
        long listId = CashLists.released(api, ListFile.of().row(cash("O-1", "ফাতেমা বেগম", 3000, 1, "Koyra")));
        String original = SheetClient.codes(sheets.sheet("maker", listId, 1, "Koyra", null).text()).get(0);
        String handedOver = OffsetDateTime.now(ZoneId.of("Asia/Dhaka")).toString();
        String reprinted = SheetClient.codes(sheets.sheet("maker", listId, 1, "Koyra", "reprint=true").text()).get(0);

        SheetClient.Json upload = sheets.postCsv("agent", "/api/vouchers/redeem-bulk",
                "code,time,agent,location\n" + original + "," + handedOver + ",agent,Koyra\n");
        assertThat(upload.body().get("results").get(0).get("outcome").asString()).as(upload.text()).isEqualTo("REDEEMED");
        SheetClient.Json twice = sheets.redeem("agent", reprinted, "Koyra");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("reason").asString()).isEqualTo("ALREADY_REDEEMED");
        assertThat(twice.body().get("redeemedOffline").asBoolean()).isTrue();
        assertThat(installmentState(jdbc, listId, "O-1", 1)).isEqualTo("CONFIRMED");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REDEEMED")).isEqualTo(1);
    }

    @Test
    void ofTwoSimultaneousRedemptionsOfOneCodeExactlyOnePays() throws Exception {
        long listId = CashLists.released(api, ListFile.of().row(cash("S-1", "Shirin Akter", 4000, 1, "Rupsha")));
        String code = SheetClient.codes(sheets.sheet("maker", listId, 1, "Rupsha", null).text()).get(0);
        int attempts = 6;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SheetClient.Json>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return new SheetClient(port).redeem("agent", code, "Rupsha");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<SheetClient.Json> answer : answers) {
                SheetClient.Json json = answer.get();
                statuses.add(json.status());
                if (json.status() == 409) {
                    assertThat(json.body().get("reason").asString()).isEqualTo("ALREADY_REDEEMED");
                }
            }
            assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REDEEMED")).isEqualTo(1);
        assertThat(installmentState(jdbc, listId, "S-1", 1)).isEqualTo("CONFIRMED");
    }

    @Test
    void aReissueVoidsTheOldCodeAndACancelClosesThePayment() {
        long listId = CashLists.released(api, ListFile.of()
                .row(cash("R-1", "রহিমা খাতুন", 2000, 1, "Rupsha"))
                .row(cash("R-2", "Anwara Begum", 2000, 1, "Rupsha")));
        List<String> codes = SheetClient.codes(sheets.sheet("maker", listId, 1, "Rupsha", null).text());
        long first = voucherOf(listId, "R-1");
        long second = voucherOf(listId, "R-2");

        assertThat(api.postJson("agent", "/api/vouchers/" + first + "/reissue", "{\"reason\":\"lost\"}").status()).isEqualTo(403);
        assertThat(api.postJson("checker", "/api/vouchers/" + first + "/reissue", "{}").status()).isEqualTo(400);
        // to another distribution point: proposed by one, approved by another (four eyes)
        Api.Response reissued = api.approve(api.postJson("maker", "/api/vouchers/" + first + "/reissue",
                "{\"reason\":\"voucher lost in the flood\",\"location\":\"Terokhada\"}"), "checker");
        assertThat(reissued.status()).as(reissued.text()).isEqualTo(200);
        assertThat(reissued.body().get("outcome").asString()).contains("voucher " + first + " void, replaced by voucher",
                "at Terokhada");

        SheetClient.Json old = sheets.redeem("agent", codes.get(0), "Rupsha");
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.body().get("reason").asString()).isEqualTo("VOID");
        SheetClient.Sheet newSheet = sheets.sheet("checker", listId, 1, "Terokhada", null);
        assertThat(newSheet.status()).as(newSheet.text()).isEqualTo(200);
        assertThat(newSheet.text()).contains("REISSUE (replaces voucher " + first + ")", "রহিমা খাতুন");
        String replacement = SheetClient.codes(newSheet.text()).get(0);
        assertThat(sheets.redeem("agent", replacement, "Rupsha").status()).as("paid where the new voucher says").isEqualTo(409);
        assertThat(sheets.redeem("agent", replacement, "Terokhada").status()).isEqualTo(200);

        assertThat(api.approve(api.postJson("maker", "/api/vouchers/" + second + "/cancel", "{\"reason\":\"moved away\"}"),
                "checker").status()).isEqualTo(200);
        SheetClient.Json cancelled = sheets.redeem("agent", codes.get(1), "Rupsha");
        assertThat(cancelled.status()).isEqualTo(409);
        assertThat(cancelled.body().get("reason").asString()).isEqualTo("CANCELLED");
        assertThat(api.postJson("checker", "/api/vouchers/" + second + "/cancel", "{\"reason\":\"again\"}").status()).isEqualTo(409);

        assertThat(installmentState(jdbc, listId, "R-1", 1)).isEqualTo("CONFIRMED");
        assertThat(installmentState(jdbc, listId, "R-2", 1)).isEqualTo("CANCELLED");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REISSUED")).isEqualTo(1);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_CANCELLED")).isEqualTo(1);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REDEEMED")).isEqualTo(1);
    }

    @Test
    void aFailedWalletPayoutSwitchedToCashBecomesAVoucher() {
        long listId = CashLists.released(api, ListFile.of().row(CashLists.wallet("F-1", "Shirin Akter")));
        long installmentId = jdbc.queryForObject("SELECT id FROM installment WHERE list_id = :id AND number = 1",
                Map.of("id", listId), Long.class);
        moves.apply(List.of(Move.of(installmentId)
                .from(InstallmentState.READY).to(InstallmentState.FAILED).failureCode("2001").reason("wallet closed")
                .action(LedgerAction.PAYOUT_REJECTED).detail("2001: wallet closed").build()), "dispatch", clock.instant());
        Api.Response switched = api.approve(api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash",
                "{\"location\":\"Paikgachha\"}"), "checker");
        assertThat(switched.status()).as(switched.text()).isEqualTo(200);

        long vouchersBefore = jdbc.queryForObject("SELECT count(*) FROM voucher", Map.of(), Long.class);
        long issued = issue.issueReady();
        assertThat(issued).as("what issueReady reports is what it issued (other tests' ready cash may be issued too)")
                .isPositive().isEqualTo(jdbc.queryForObject("SELECT count(*) FROM voucher", Map.of(), Long.class) - vouchersBefore);
        assertThat(installmentState(jdbc, listId, "F-1", 1)).isEqualTo("PENDING");
        Api.Response vouchers = api.get("checker", "/api/payment-lists/" + listId + "/vouchers");
        assertThat(vouchers.body()).hasSize(1);
        assertThat(vouchers.body().get(0).get("location").asString()).isEqualTo("Paikgachha");
        assertThat(vouchers.body().get(0).get("amount").get("minor").asLong()).isEqualTo(250_000);

        String code = SheetClient.codes(sheets.sheet("maker", listId, 1, "Paikgachha", null).text()).get(0);
        assertThat(sheets.redeem("agent", code, "Paikgachha").status()).isEqualTo(200);
        assertThat(installmentState(jdbc, listId, "F-1", 1)).isEqualTo("CONFIRMED");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_ISSUED")).isEqualTo(1);
    }

    @Test
    void aFailedWalletPayoutInPaisaIsNotSwitchedToCashPaidInWholeTaka() {
        long listId = CashLists.released(api, ListFile.of().row("F-2,Anwara Begum,,NAGAD," + ListFile.freshWallet() + ",1000.00,3,,"));
        long installmentId = jdbc.queryForObject("SELECT id FROM installment WHERE list_id = :id AND number = 1",
                Map.of("id", listId), Long.class);
        moves.apply(List.of(Move.of(installmentId)
                .from(InstallmentState.READY).to(InstallmentState.FAILED).failureCode("2001").reason("wallet closed")
                .action(LedgerAction.PAYOUT_REJECTED).detail("2001: wallet closed").build()), "dispatch", clock.instant());

        Api.Response refused = api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash",
                "{\"location\":\"Paikgachha\"}");

        assertThat(refused.status()).as("refused when proposed, before anyone is asked to approve: " + refused.text())
                .isEqualTo(409);
        assertThat(refused.text()).contains("BDT 333.34").contains("cash is paid in whole BDT").contains("retry it by wallet");
        assertThat(jdbc.queryForObject("SELECT channel || '/' || state FROM installment WHERE id = :id",
                Map.of("id", installmentId), String.class)).isEqualTo("NAGAD/FAILED");
        assertThat(ledgerCount(jdbc, listId, "SWITCHED_TO_CASH")).isZero();
    }

    @Test
    void tooManyWrongCodesLockTheAgentOutForAWhile() {
        long listId = CashLists.released(api, ListFile.of().row(cash("L-1", "মালতী দাস", 1000, 1, "Dacope")));
        String code = SheetClient.codes(sheets.sheet("maker", listId, 1, "Dacope", null).text()).get(0);
        String mistyped = (code.charAt(0) == '7' ? "8" : "7") + code.substring(1);
        SecureRandom random = new SecureRandom();
        for (int i = 1; i <= 9; i++) {
            SheetClient.Json wrong = i % 2 == 0
                    ? sheets.redeem("agent", mistyped, "Dacope")
                    : sheets.redeem("agent", VoucherCode.generate(random).formatted(), "Dacope");
            assertThat(wrong.status()).isEqualTo(i % 2 == 0 ? 422 : 404);
            assertThat(wrong.body().get("reason").asString()).isEqualTo(i % 2 == 0 ? "MISTYPED" : "UNKNOWN_CODE");
            assertThat(wrong.body().get("attemptsLeft").asInt()).isEqualTo(10 - i);
        }
        SheetClient.Json last = sheets.redeem("agent", mistyped, "Dacope");
        assertThat(last.body().get("attemptsLeft").asInt()).isZero();
        assertThat(last.body().get("lockedUntil").asString()).isNotBlank();

        SheetClient.Json locked = sheets.redeem("agent", code, "Dacope");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body().get("reason").asString()).isEqualTo("LOCKED_OUT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE action = 'VOUCHER_USER_LOCKED_OUT' AND actor = 'agent'"
                + " AND occurred_at >= :since", Map.of("since", java.sql.Timestamp.from(clock.instant().minusSeconds(60))), Long.class))
                .isEqualTo(1);
        assertThat(installmentState(jdbc, listId, "L-1", 1)).isEqualTo("PENDING");

        clock.advance(Duration.ofMinutes(16));
        assertThat(sheets.redeem("agent", code, "Dacope").status()).isEqualTo(200);
    }

    private long voucherOf(long listId, String beneficiaryId) {
        return jdbc.queryForObject("""
                SELECT v.id FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref
                WHERE v.list_id = :id AND b.beneficiary_id = :b AND v.state = 'ISSUED'""",
                Map.of("id", listId, "b", beneficiaryId), Long.class);
    }
}
