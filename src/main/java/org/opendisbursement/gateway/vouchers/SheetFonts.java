package org.opendisbursement.gateway.vouchers;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.stereotype.Component;

/**
 * The fonts of voucher sheets, shipped in {@code fonts/} (SIL Open Font License, see {@code fonts/OFL.txt}):
 * Noto Sans for Latin text and Noto Sans Bengali for Bengali names. Read once; each document embeds subsets of its
 * own ({@link #embed}). The Java2D faces shape names (the JDK's layout engine is HarfBuzz).
 */
@Component
class SheetFonts {

    /** The fonts one document embeds. */
    record Embedded(PDType0Font latin, PDType0Font latinBold, PDType0Font bengali) {
    }

    private final byte[] latin = read("NotoSans-Regular.ttf");
    private final byte[] latinBold = read("NotoSans-Bold.ttf");
    private final byte[] bengali = read("NotoSansBengali-Regular.ttf");
    /** Java2D faces, made on first use so that a JVM without font support still starts (and only printing fails). */
    private record Faces(Font latin, Font latinBold, Font bengali) {
    }

    private volatile Faces faces;

    Embedded embed(PDDocument document) throws IOException {
        return new Embedded(load(document, latin), load(document, latinBold), load(document, bengali));
    }

    Font latinFace(boolean bold) {
        return bold ? faces().latinBold() : faces().latin();
    }

    Font bengaliFace() {
        return faces().bengali();
    }

    private Faces faces() {
        Faces made = faces;
        if (made == null) {
            made = new Faces(face(latin), face(latinBold), face(bengali));
            faces = made;
        }
        return made;
    }

    private static PDType0Font load(PDDocument document, byte[] font) throws IOException {
        return PDType0Font.load(document, new RandomAccessReadBuffer(font), true, false);
    }

    private static byte[] read(String name) {
        try (InputStream in = SheetFonts.class.getResourceAsStream("/fonts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("font fonts/" + name + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Font face(byte[] font) {
        try {
            return Font.createFont(Font.TRUETYPE_FONT, new java.io.ByteArrayInputStream(font));
        } catch (FontFormatException e) {
            throw new IllegalStateException("not a TrueType font", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
