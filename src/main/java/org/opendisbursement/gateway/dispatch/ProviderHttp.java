package org.opendisbursement.gateway.dispatch;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.springframework.stereotype.Component;

/**
 * The adapters' one way to talk HTTP: Camel's HTTP component (automatic retries disabled in application.yml: a
 * resend is dispatch's decision, never the client's) with the provider's timeouts, answers of every status
 * returned (never thrown), and network failures sorted by whether the request may have left: a refused or timed-out
 * connect means it never did ({@link NotSent}); anything after that (read timeout, reset, no answer) means it may
 * have reached the provider ({@link NoAnswer}).
 */
@Component
public class ProviderHttp {

    /** An HTTP answer of any status. Header names are case-insensitive. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** The request never left: safe to send again. */
    public static final class NotSent extends Exception {
        public NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The request left but no complete answer came back: the provider may have acted on it. */
    public static final class NoAnswer extends Exception {
        public NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ProducerTemplate camel;

    ProviderHttp(ProducerTemplate camel) {
        this.camel = camel;
    }

    /**
     * @param url     absolute URL, e.g. {@code http://localhost:9001/checkout/payment/b2cPayment?x=1}
     * @param headers request headers (secrets allowed: they are not logged)
     * @param body    request body, or null for none
     */
    public Answer exchange(String method, String url, Map<String, String> headers, String body, ProviderSettings settings)
            throws NotSent, NoAnswer {
        URI target = URI.create(url);
        // one endpoint per provider host (not per URL: status paths carry references); the full URL travels in headers
        String endpoint = target.getScheme() + "://" + target.getRawAuthority()
                + "?throwExceptionOnFailure=false&followRedirects=false&clearExpiredCookies=false"
                + "&connectTimeout=" + settings.connectTimeout().toMillis()
                + "&connectionRequestTimeout=" + settings.connectTimeout().toMillis()
                + "&responseTimeout=" + settings.readTimeout().toMillis()
                + "&soTimeout=" + settings.readTimeout().toMillis();
        String withoutQuery = target.getScheme() + "://" + target.getRawAuthority() + (target.getRawPath() == null ? "" : target.getRawPath());
        Exchange answer;
        try {
            answer = camel.send(endpoint, ExchangePattern.InOut, exchange -> {
                var in = exchange.getIn();
                in.setHeader(Exchange.HTTP_METHOD, method);
                in.setHeader(Exchange.HTTP_URI, withoutQuery);
                if (target.getRawQuery() != null) {
                    in.setHeader(Exchange.HTTP_QUERY, target.getRawQuery());
                }
                headers.forEach(in::setHeader);
                if (body != null && !headers.containsKey("Content-Type")) {
                    in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                }
                in.setBody(body);
            });
        } catch (CamelExecutionException e) {
            throw rethrown(e.getCause() == null ? e : e.getCause());
        }
        if (answer.getException() != null) {
            throw rethrown(answer.getException());
        }
        var out = answer.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        out.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                responseHeaders.put(name, value.toString());
            }
        });
        return new Answer(status == null ? 0 : status, responseHeaders, out.getBody(String.class));
    }

    /** Throws the failure as {@link NotSent} or {@link NoAnswer}; declared to return one so callers can write {@code throw}. */
    private static NoAnswer rethrown(Throwable failure) throws NotSent {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof HttpHostConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                throw new NotSent(cause.getClass().getSimpleName() + ": the connection could not be made", failure);
            }
            if (cause instanceof InterruptedIOException || cause instanceof java.io.IOException) {
                return new NoAnswer(cause.getClass().getSimpleName() + ": no complete answer", failure);
            }
            cause = cause.getCause();
        }
        return new NoAnswer(failure.getClass().getSimpleName() + ": no complete answer", failure);
    }
}
