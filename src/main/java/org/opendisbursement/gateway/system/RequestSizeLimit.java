package org.opendisbursement.gateway.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body before anything reads it (runs before security, so a stranger's body is refused unread):
 * a multipart upload (payment lists, statements) at {@code upload-size}, an upload of offline voucher redemptions at
 * {@code bulk-redemption-size}, any other body at {@code body-size} ({@link GatewayLimits}). A declared
 * {@code Content-Length} over the cap is answered 413 at once; a body without one (chunked) is counted as it is read
 * and fails with {@link BodyTooLargeException} at the cap (multipart bodies are counted by the multipart parser,
 * {@code spring.servlet.multipart}). Provider callbacks ({@code /callbacks/**}) keep their own caps beside their
 * guard.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimit extends OncePerRequestFilter {

    static final String BULK_REDEMPTIONS = "/api/vouchers/redeem-bulk";

    private final GatewayLimits limits;

    RequestSizeLimit(GatewayLimits limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return path(request).startsWith("/callbacks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        boolean multipart = request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith("multipart/");
        long cap = (path.equals(BULK_REDEMPTIONS) ? limits.bulkRedemptionSize()
                : multipart ? limits.uploadSize() : limits.bodySize()).toBytes();
        long declared = request.getContentLengthLong();
        if (declared > cap) {
            refuse(request, response, path, cap);
        } else if (declared < 0 && !multipart) {
            chain.doFilter(new Capped(request, cap), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String path, long cap)
            throws IOException {
        String detail = "the request body is " + human(request.getContentLengthLong()) + ", more than the "
                + human(cap) + " this path accepts" + (path.equals(BULK_REDEMPTIONS)
                ? " (disbursement.limits.bulk-redemption-size): split the file" : "");
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setHeader("Connection", "close");
        byte[] body;
        if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
            response.setContentType("application/problem+json");
            body = ("{\"status\":413,\"title\":\"Content Too Large\",\"detail\":\"" + detail + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/plain;charset=UTF-8");
            body = ("Too large: " + detail + ". Go back, and split the file or ask an administrator.")
                    .getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** "256 MB", "4 MB", "1 KB", "1500 bytes". */
    static String human(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        } else if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }

    /** A request whose body fails at {@code cap} bytes. */
    private static final class Capped extends HttpServletRequestWrapper {

        private final long cap;
        private ServletInputStream stream;
        private BufferedReader reader;

        Capped(HttpServletRequest request, long cap) {
            super(request);
            this.cap = cap;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), cap);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                reader = new BufferedReader(new InputStreamReader(getInputStream(),
                        encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
            }
            return reader;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long cap;
        private long read;

        CountingStream(ServletInputStream in, long cap) {
            this.in = in;
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, (int) Math.min(length, cap - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > cap) {
                throw new BodyTooLargeException(cap);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
