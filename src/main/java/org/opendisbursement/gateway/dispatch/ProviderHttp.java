package org.opendisbursement.gateway.dispatch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The adapters' one way to talk HTTP: Apache HttpClient 5 with pooled keep-alive connections, no automatic retries
 * (a resend is dispatch's decision, never the client's), no redirects, no cookies and no content compression, the
 * provider's timeouts, answers of every status returned (never thrown), and network failures sorted by whether the
 * request may have left: a refused or timed-out connect means it never did ({@link NotSent}); anything after that
 * (read timeout, reset, no answer) means it may have reached the provider ({@link NoAnswer}).
 *
 * <p>Not Camel's HTTP component, although it wraps this very client: a provider call is one request and one answer
 * on a dispatch thread, and the producer around it (an exchange per call, header filtering and copying, the method
 * header's type conversion) cost more CPU per payout than the call itself and added nothing the adapters use. The
 * pool sizes are still read from {@code camel.component.http.max-total-connections} and
 * {@code connections-per-route}. One client (and pool) per pair of timeouts, so each provider keeps its own.
 */
@Component
public class ProviderHttp implements DisposableBean {

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

    private static final ContentType JSON = ContentType.create("application/json");

    private final ProviderGate gate;
    private final int maxTotal;
    private final int perRoute;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    private record Client(CloseableHttpClient http, RequestConfig config) {
    }

    ProviderHttp(@Value("${camel.component.http.max-total-connections:512}") int maxTotal,
                 @Value("${camel.component.http.connections-per-route:256}") int perRoute, ProviderGate gate) {
        this.gate = gate;
        this.maxTotal = maxTotal;
        this.perRoute = perRoute;
    }

    /**
     * @param url     absolute URL, e.g. {@code http://localhost:9001/checkout/payment/b2cPayment?x=1}
     * @param headers request headers (secrets allowed: they are not logged)
     * @param body    request body, or null for none
     */
    public Answer exchange(String method, String url, Map<String, String> headers, String body, ProviderSettings settings)
            throws NotSent, NoAnswer {
        Client client = client(settings.connectTimeout(), settings.readTimeout());
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
        request.setConfig(client.config());
        ContentType contentType = JSON;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if ("Content-Type".equalsIgnoreCase(header.getKey())) {
                contentType = ContentType.parse(header.getValue());
            } else {
                request.addHeader(header.getKey(), header.getValue());
            }
        }
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body.getBytes(contentType.getCharset() == null
                    ? StandardCharsets.UTF_8 : contentType.getCharset()), contentType));
        }
        try {
            gate.leavingNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent("interrupted before the request left", e);
        }
        try {
            return client.http().execute(request, response -> {
                Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    responseHeaders.merge(header.getName(), header.getValue(), (a, b) -> a + ", " + b);
                }
                HttpEntity entity = response.getEntity();
                String text = entity == null ? null : EntityUtils.toString(entity, StandardCharsets.UTF_8);
                return new Answer(response.getCode(), responseHeaders, text);
            });
        } catch (IOException | RuntimeException e) {
            throw rethrown(e);
        }
    }

    private Client client(Duration connectTimeout, Duration readTimeout) {
        return clients.computeIfAbsent(connectTimeout.toMillis() + "/" + readTimeout.toMillis(), key -> {
            Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
            Timeout read = Timeout.ofMilliseconds(readTimeout.toMillis());
            var connections = PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(maxTotal).setMaxConnPerRoute(perRoute)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                            .setSocketTimeout(read).setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                    .build();
            CloseableHttpClient http = HttpClients.custom().setConnectionManager(connections)
                    .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                    .disableContentCompression().disableAuthCaching()
                    .evictIdleConnections(TimeValue.ofSeconds(30))
                    .build();
            RequestConfig config = RequestConfig.custom().setConnectionRequestTimeout(connect)
                    .setResponseTimeout(read).setRedirectsEnabled(false).build();
            return new Client(http, config);
        });
    }

    @Override
    public void destroy() {
        clients.values().forEach(client -> client.http().close(CloseMode.GRACEFUL));
        clients.clear();
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
