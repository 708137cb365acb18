package org.opendisbursement.mock;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Stands in for the gateway's callback endpoints: records every request it gets. */
final class CallbackReceiver implements AutoCloseable {

    record Received(String method, String path, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Waits for exactly {@code count} requests to arrive within the timeout and returns them. */
    List<Received> await(int count, long timeoutMs) throws InterruptedException {
        List<Received> result = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (result.size() < count) {
            Received next = received.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("expected " + count + " callbacks, got " + result.size() + ": " + result);
            }
            result.add(next);
        }
        return result;
    }

    /** Whatever arrives within the given time. */
    List<Received> drain(long waitMs) throws InterruptedException {
        Thread.sleep(waitMs);
        List<Received> result = new ArrayList<>();
        received.drainTo(result);
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
