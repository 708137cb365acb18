package org.opendisbursement.gateway.vouchers;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdfwriter.COSWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * Draws on one page of a voucher sheet: text, boxes, lines and QR codes, in PDF points from the bottom left.
 *
 * <p>Text is written without PDFBox's glyph substitution, so that every character extracts as itself. Text in a
 * complex script (Bengali names and places) is shaped by the JDK's layout engine (HarfBuzz: conjuncts, reordered
 * vowel signs, mark positions) and drawn as the glyphs' outlines; the same text is laid invisibly over it in the
 * embedded font, stretched to the same width, so that it can be searched, copied and extracted as written.
 */
final class PageWriter implements Closeable {

    private static final FontRenderContext LAYOUT = new FontRenderContext(null, true, true);

    private final PDPageContentStream content;
    private final SheetFonts fonts;
    private final SheetFonts.Embedded embedded;

    PageWriter(PDDocument document, PDPage page, SheetFonts fonts, SheetFonts.Embedded embedded) throws IOException {
        this.content = new PDPageContentStream(document, page);
        this.fonts = fonts;
        this.embedded = embedded;
    }

    /** Writes {@code text} with its baseline starting at (x, y). @return its width */
    float text(String text, boolean bold, float size, float x, float y) throws IOException {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (needsShaping(text)) {
            return shaped(text, bold, size, x, y);
        }
        PDType0Font font = bold ? embedded.latinBold() : embedded.latin();
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        showUnsubstituted(font, text);
        content.endText();
        return plainWidth(font, text, size);
    }

    /** Writes {@code text} ending at x. */
    void textRight(String text, boolean bold, float size, float x, float y) throws IOException {
        text(text, bold, size, x - width(text, bold, size), y);
    }

    float width(String text, boolean bold, float size) throws IOException {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (needsShaping(text)) {
            float width = 0;
            for (Run run : runs(text)) {
                if (!run.bengali() && !needsShaping(run.text())) {
                    width += plainWidth(bold ? embedded.latinBold() : embedded.latin(), run.text(), size);
                } else {
                    GlyphVector glyphs = layout(run, bold, size);
                    width += (float) glyphs.getGlyphPosition(glyphs.getNumGlyphs()).getX();
                }
            }
            return width;
        }
        return plainWidth(bold ? embedded.latinBold() : embedded.latin(), text, size);
    }

    /** Breaks {@code text} at spaces into lines no wider than {@code maxWidth}. */
    List<String> wrap(String text, boolean bold, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && width(candidate, bold, size) > maxWidth) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Writes {@code text} shortened with "…" until it fits {@code maxWidth}. */
    void textFitted(String text, boolean bold, float size, float x, float y, float maxWidth) throws IOException {
        String shown = text;
        while (shown.length() > 1 && width(shown, bold, size) > maxWidth) {
            shown = shown.substring(0, shown.offsetByCodePoints(shown.length(), -1)).stripTrailing();
            if (width(shown + "…", bold, size) <= maxWidth) {
                shown = shown + "…";
                break;
            }
        }
        text(shown, bold, size, x, y);
    }

    void box(float x, float y, float width, float height, float lineWidth) throws IOException {
        content.setLineWidth(lineWidth);
        content.addRect(x, y, width, height);
        content.stroke();
    }

    void fill(float x, float y, float width, float height, float gray) throws IOException {
        content.setNonStrokingColor(gray);
        content.addRect(x, y, width, height);
        content.fill();
        content.setNonStrokingColor(0f);
    }

    void line(float x1, float y1, float x2, float y2, float lineWidth) throws IOException {
        content.setLineWidth(lineWidth);
        content.moveTo(x1, y1);
        content.lineTo(x2, y2);
        content.stroke();
    }

    void dashedLine(float x1, float y1, float x2, float y2) throws IOException {
        content.saveGraphicsState();
        content.setLineDashPattern(new float[] {4, 3}, 0);
        line(x1, y1, x2, y2, 0.5f);
        content.restoreGraphicsState();
    }

    /** A QR code (error correction M) of {@code size} points square, its bottom left at (x, y), drawn as vectors. */
    void qr(String payload, float x, float y, float size) throws IOException {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, StandardCharsets.US_ASCII.name()));
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode a QR code", e);
        }
        float module = size / modules.getWidth();
        for (int row = 0; row < modules.getHeight(); row++) {
            int column = 0;
            while (column < modules.getWidth()) {
                if (!modules.get(column, row)) {
                    column++;
                    continue;
                }
                int start = column;
                while (column < modules.getWidth() && modules.get(column, row)) {
                    column++;
                }
                content.addRect(x + start * module, y + size - (row + 1) * module, (column - start) * module, module);
            }
        }
        content.fill();
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    // --- shaping -----------------------------------------------------------------------------------------------

    /** A stretch of text in one script. */
    private record Run(String text, boolean bengali) {
    }

    private boolean needsShaping(String text) {
        return text.codePoints().anyMatch(c -> isBengali(c) || embedded.latin().getCmapLookup().getGlyphId(c) == 0);
    }

    private static boolean isBengali(int c) {
        return (c >= 0x0980 && c <= 0x09FF) || c == 0x0964 || c == 0x0965 || c == 0x200C || c == 0x200D;
    }

    /** Splits text into script runs; spaces stay with the run they are in. */
    private static List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Boolean bengali = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) && bengali != null) {
                current.appendCodePoint(c);
                continue;
            }
            boolean script = isBengali(c);
            if (bengali != null && script != bengali) {
                runs.add(new Run(current.toString(), bengali));
                current.setLength(0);
            }
            bengali = script;
            current.appendCodePoint(c);
        }
        if (!current.isEmpty()) {
            runs.add(new Run(current.toString(), bengali != null && bengali));
        }
        return runs;
    }

    private GlyphVector layout(Run run, boolean bold, float size) {
        Font face = (run.bengali() ? fonts.bengaliFace() : fonts.latinFace(bold)).deriveFont(size);
        char[] chars = run.text().toCharArray();
        return face.layoutGlyphVector(LAYOUT, chars, 0, chars.length, Font.LAYOUT_LEFT_TO_RIGHT);
    }

    private float shaped(String text, boolean bold, float size, float x, float y) throws IOException {
        float offset = 0;
        for (Run run : runs(text)) {
            if (!run.bengali() && !needsShaping(run.text())) {
                offset += text(run.text(), bold, size, x + offset, y);
                continue;
            }
            GlyphVector glyphs = layout(run, bold, size);
            float advance = (float) glyphs.getGlyphPosition(glyphs.getNumGlyphs()).getX();
            outline(glyphs, x + offset, y);
            hiddenText(run, bold, size, x + offset, y, advance);
            offset += advance;
        }
        return offset;
    }

    /** The glyphs' outlines, flipped from Java2D's downward y into PDF space. */
    private void outline(GlyphVector glyphs, float x, float y) throws IOException {
        PathIterator path = glyphs.getOutline().getPathIterator(new AffineTransform(1, 0, 0, -1, x, y));
        float[] c = new float[6];
        // a hundredth of a point is far below what a printer can show, and keeps the content stream small
        float lastX = 0;
        float lastY = 0;
        boolean any = false;
        while (!path.isDone()) {
            int segment = path.currentSegment(c);
            for (int i = 0; i < c.length; i++) {
                c[i] = Math.round(c[i] * 100) / 100f;
            }
            if (segment == PathIterator.SEG_MOVETO) {
                content.moveTo(c[0], c[1]);
                lastX = c[0];
                lastY = c[1];
                any = true;
            } else if (segment == PathIterator.SEG_LINETO) {
                content.lineTo(c[0], c[1]);
                lastX = c[0];
                lastY = c[1];
            } else if (segment == PathIterator.SEG_QUADTO) {
                // a quadratic Bézier as the cubic that traces it
                content.curveTo(lastX + 2f / 3 * (c[0] - lastX), lastY + 2f / 3 * (c[1] - lastY),
                        c[2] + 2f / 3 * (c[0] - c[2]), c[3] + 2f / 3 * (c[1] - c[3]), c[2], c[3]);
                lastX = c[2];
                lastY = c[3];
            } else if (segment == PathIterator.SEG_CUBICTO) {
                content.curveTo(c[0], c[1], c[2], c[3], c[4], c[5]);
                lastX = c[4];
                lastY = c[5];
            } else if (segment == PathIterator.SEG_CLOSE) {
                content.closePath();
            }
            path.next();
        }
        if (any) {
            if (path.getWindingRule() == PathIterator.WIND_EVEN_ODD) {
                content.fillEvenOdd();
            } else {
                content.fill();
            }
        }
    }

    /** The run's characters as invisible text in the embedded font, as wide as the shaped run. */
    private void hiddenText(Run run, boolean bold, float size, float x, float y, float advance) throws IOException {
        PDType0Font font = run.bengali() ? embedded.bengali() : (bold ? embedded.latinBold() : embedded.latin());
        StringBuilder encodable = new StringBuilder();
        run.text().codePoints().filter(c -> font.getCmapLookup().getGlyphId(c) != 0 || c == ' ')
                .forEach(encodable::appendCodePoint);
        String text = encodable.toString();
        float natural = plainWidth(font, text, size);
        if (text.isBlank() || natural <= 0) {
            return;
        }
        content.saveGraphicsState();
        content.beginText();
        content.setRenderingMode(RenderingMode.NEITHER);
        content.setFont(font, size);
        content.setHorizontalScaling(100 * advance / natural);
        content.newLineAtOffset(x, y);
        showUnsubstituted(font, text);
        content.endText();
        content.restoreGraphicsState();
    }

    private static float plainWidth(PDType0Font font, String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /**
     * A Tj of the text's glyphs as the font's character map gives them. PDFBox's own showText would apply the
     * font's glyph substitutions (ligatures, reordering) and so lose characters when the text is extracted.
     */
    @SuppressWarnings("deprecation")
    private void showUnsubstituted(PDType0Font font, String text) throws IOException {
        byte[] encoded = font.encode(text);
        text.codePoints().forEach(font::addToSubset);
        var operation = new ByteArrayOutputStream();
        COSWriter.writeString(encoded, operation);
        operation.writeBytes(" Tj\n".getBytes(StandardCharsets.US_ASCII));
        content.appendRawCommands(operation.toByteArray());
    }
}
