package org.opendisbursement.gateway.vouchers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.opendisbursement.gateway.money.Money;

/**
 * Lays out the PDF of one distribution point: the vouchers, three to an A4 page with cut lines (name in its own
 * script, beneficiary id, amount in figures and words, validity, code and QR code, signature boxes), then the
 * distribution register, one line per beneficiary with a signature column and the totals. A reprint says REPRINT on
 * every page; a copy has the register only and says it cannot be paid.
 */
final class VoucherSheet {

    enum Kind { PRINT, REPRINT, COPY }

    record Heading(String programme, long listId, int number, String location, Instant printedAt, String printedBy,
                   Kind kind) {
    }

    /** One voucher as printed; the only place its code is ever written in full. */
    record Face(long voucherId, String beneficiaryId, String fullName, Money amount, int installments,
                LocalDate lastDay, VoucherCode code, int printNo, Long replaces) {
    }

    record Line(long voucherId, String beneficiaryId, String fullName, Money amount, String codeTail, String state,
                Instant redeemedAt) {
    }

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 30;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float VOUCHER_HEIGHT = 250;
    private static final float VOUCHER_PITCH = (PAGE.getHeight() - 2 * MARGIN) / 3;
    private static final float ROW = 28;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private final SheetFonts fonts;
    private final ZoneId zone;

    VoucherSheet(SheetFonts fonts, ZoneId zone) {
        this.fonts = fonts;
        this.zone = zone;
    }

    byte[] render(Heading heading, List<Face> faces, List<Line> register) {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Cash vouchers, list " + heading.listId() + " installment " + heading.number() + ", "
                    + heading.location() + (heading.kind() == Kind.PRINT ? "" : " (" + heading.kind().name().toLowerCase(Locale.ROOT) + ")"));
            info.setCreator("disbursement-gateway");
            SheetFonts.Embedded embedded = fonts.embed(document);
            for (int first = 0; first < faces.size(); first += 3) {
                PDPage page = new PDPage(PAGE);
                document.addPage(page);
                try (PageWriter writer = new PageWriter(document, page, fonts, embedded)) {
                    for (int i = first; i < Math.min(first + 3, faces.size()); i++) {
                        float top = PAGE.getHeight() - MARGIN - (i - first) * VOUCHER_PITCH;
                        voucher(writer, heading, faces.get(i), top);
                        if (i + 1 < Math.min(first + 3, faces.size())) {
                            float cut = top - VOUCHER_PITCH + (VOUCHER_PITCH - VOUCHER_HEIGHT) / 2;
                            writer.dashedLine(MARGIN - 10, cut, MARGIN + WIDTH + 10, cut);
                        }
                    }
                }
            }
            register(document, embedded, heading, register);
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void voucher(PageWriter w, Heading heading, Face face, float top) throws IOException {
        float x = MARGIN;
        float bottom = top - VOUCHER_HEIGHT;
        w.box(x, bottom, WIDTH, VOUCHER_HEIGHT, 1);
        w.fill(x, top - 24, WIDTH, 24, 0.88f);
        w.text("CASH VOUCHER", true, 12, x + 10, top - 17);
        String stamp = face.printNo() > 1 ? "REPRINT" : face.replaces() != null ? "REISSUE (replaces voucher " + face.replaces() + ")" : null;
        if (stamp != null) {
            w.text(stamp, true, 12, x + 125, top - 17);
        }
        w.textRight(heading.programme() + " · list " + heading.listId() + " · installment " + heading.number() + " of "
                + face.installments(), false, 9, x + WIDTH - 10, top - 16);

        float qr = 112;
        float qrX = x + WIDTH - 10 - qr;
        float qrY = top - 34 - qr;
        w.qr(face.code().qrPayload(), qrX, qrY, qr);
        String number = "Voucher " + face.voucherId();
        w.text(number, false, 8, qrX + (qr - w.width(number, false, 8)) / 2, qrY - 11);

        float left = x + 12;
        float columnWidth = WIDTH - qr - 40;
        float y = top - 50;
        w.textFitted(face.fullName(), false, 18, left, y, columnWidth);
        y -= 19;
        w.text("Beneficiary", false, 8, left, y);
        w.text(face.beneficiaryId(), true, 10, left + 70, y);
        y -= 14;
        w.text("Distribution point", false, 8, left, y);
        w.textFitted(heading.location(), true, 10, left + 70, y, columnWidth - 70);
        y -= 26;
        w.text(face.amount().display(), true, 20, left, y);
        y -= 13;
        for (String line : w.wrap(AmountInWords.of(face.amount()), false, 9, columnWidth)) {
            w.text(line, false, 9, left, y);
            y -= 11;
        }
        y -= 4;
        w.text("Valid through", false, 8, left, y);
        w.text(DAY.format(face.lastDay()), true, 10, left + 70, y);
        y -= 22;
        w.text("Code", false, 8, left, y + 2);
        w.text(face.code().formatted(), true, 16, left + 70, y);

        float boxY = bottom + 22;
        float boxWidth = (WIDTH - 30) / 2;
        w.box(left - 2, boxY, boxWidth, 40, 0.6f);
        w.text("Beneficiary's signature or thumbprint", false, 7, left + 2, boxY + 32);
        w.box(left + boxWidth + 8, boxY, boxWidth, 40, 0.6f);
        w.text("Paid by (field agent): name, signature, date", false, 7, left + boxWidth + 12, boxY + 32);
        w.text("Paid once only, at " + heading.location() + ", to the person named, on showing this voucher. Printed "
                + MOMENT.format(heading.printedAt().atZone(zone)) + " by " + heading.printedBy() + ".", false, 7, left, bottom + 9);
    }

    private void register(PDDocument document, SheetFonts.Embedded embedded, Heading heading, List<Line> lines) throws IOException {
        float headerTop = PAGE.getHeight() - MARGIN;
        float tableTop = headerTop - 78;
        int perPage = (int) ((tableTop - MARGIN - 40) / ROW);
        int pages = Math.max(1, (lines.size() + perPage - 1) / perPage);
        long total = lines.stream().mapToLong(l -> l.amount().minor()).sum();
        long redeemed = lines.stream().filter(l -> "REDEEMED".equals(l.state())).count();
        float[] columns = {22, 78, 145, 70, 70, 105, 45};
        String[] titles = {"#", "Beneficiary", "Name", "Amount", "Voucher", "Signature or thumbprint", "Date"};
        for (int p = 0; p < pages; p++) {
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            try (PageWriter w = new PageWriter(document, page, fonts, embedded)) {
                String title = "Distribution register" + (heading.kind() == Kind.REPRINT ? " · REPRINT"
                        : heading.kind() == Kind.COPY ? " · COPY, NOT VALID FOR PAYMENT" : "");
                w.text(title, true, 14, MARGIN, headerTop - 14);
                w.text(heading.programme() + " · list " + heading.listId() + " · installment " + heading.number(),
                        false, 10, MARGIN, headerTop - 32);
                w.text("Distribution point", false, 10, MARGIN, headerTop - 48);
                w.text(heading.location(), true, 10, MARGIN + 90, headerTop - 48);
                w.text("Printed " + MOMENT.format(heading.printedAt().atZone(zone)) + " by " + heading.printedBy(),
                        false, 8, MARGIN, headerTop - 62);

                float y = tableTop;
                w.fill(MARGIN, y - 16, WIDTH, 16, 0.88f);
                float cx = MARGIN;
                for (int c = 0; c < columns.length; c++) {
                    w.text(titles[c], true, 8, cx + 3, y - 11);
                    cx += columns[c];
                }
                y -= 16;
                for (int i = p * perPage; i < Math.min(lines.size(), (p + 1) * perPage); i++) {
                    Line line = lines.get(i);
                    float base = y - ROW + 10;
                    cx = MARGIN;
                    w.text(Integer.toString(i + 1), false, 9, cx + 3, base);
                    cx += columns[0];
                    w.textFitted(line.beneficiaryId(), false, 9, cx + 3, base, columns[1] - 6);
                    cx += columns[1];
                    w.textFitted(line.fullName(), false, 11, cx + 3, base, columns[2] - 6);
                    cx += columns[2];
                    w.textRight(line.amount().display(), false, 9, cx + columns[3] - 4, base);
                    cx += columns[3];
                    w.text(voucherCell(line), false, 8, cx + 3, base + 5);
                    if (!"ISSUED".equals(line.state())) {
                        w.text(line.redeemedAt() == null ? "" : DAY.format(line.redeemedAt().atZone(zone)), false, 7, cx + 3, base - 5);
                    }
                    w.line(MARGIN, y - ROW, MARGIN + WIDTH, y - ROW, 0.4f);
                    y -= ROW;
                }
                cx = MARGIN;
                for (float column : columns) {
                    w.line(cx, tableTop, cx, y, 0.4f);
                    cx += column;
                }
                w.line(cx, tableTop, cx, y, 0.4f);
                w.line(MARGIN, tableTop, MARGIN + WIDTH, tableTop, 0.4f);
                if (p == pages - 1) {
                    Money sum = lines.isEmpty() ? null : new Money(total, lines.get(0).amount().currency());
                    w.text(lines.size() + " vouchers" + (sum == null ? "" : ", total " + sum.display())
                            + (redeemed > 0 ? ", " + redeemed + " already redeemed" : ""), true, 10, MARGIN, y - 18);
                }
                w.textRight("Register page " + (p + 1) + " of " + pages, false, 8, MARGIN + WIDTH, MARGIN - 12);
            }
        }
    }

    private static String voucherCell(Line line) {
        if ("ISSUED".equals(line.state())) {
            return line.codeTail() == null ? "not printed" : VoucherCode.masked(line.codeTail());
        }
        return line.state();
    }
}
