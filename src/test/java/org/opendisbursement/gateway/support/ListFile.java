package org.opendisbursement.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds payment-list CSV files for tests. Wallet numbers and national IDs it makes up are unique across the whole
 * test run, so lists of different tests never collide unless a test makes them.
 */
public final class ListFile {

    public static final String HEADER = "beneficiary_id,full_name,national_id,channel,wallet_number,amount,installments,location,category";
    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000L, 50_000_000L));
    private static final AtomicLong PROGRAMME = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000, 9_000));
    private static final String[] NAMES = {"রহিমা খাতুন", "ফাতেমা বেগম", "Anwara Begum", "মালতী দাস", "Shirin Akter"};

    private final List<String> rows = new ArrayList<>();
    private String header = HEADER;
    private String fileName = "list.csv";

    public static ListFile withHeader(String header) {
        ListFile file = new ListFile();
        file.header = header;
        return file;
    }

    public static ListFile of() {
        return new ListFile();
    }

    /** A programme code no other test uses. */
    public static String uniqueProgramme() {
        return "T" + PROGRAMME.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 46_656L, 36).toUpperCase();
    }

    /** A bKash wallet number (01 + 9 digits, prefix 017) nobody else in this run has. */
    public static String freshWallet() {
        return "017" + String.format("%08d", NEXT.incrementAndGet() % 100_000_000L);
    }

    public static String freshNationalId() {
        return String.format("%010d", 1_000_000_000L + NEXT.incrementAndGet());
    }

    public static Map<String, String> fields(String programme) {
        return Map.of("programme", programme, "firstDueDate", "2026-12-01", "interval", "P1M",
                "approvalReference", "MJF/EPR/2020/07");
    }

    /** {@code count} BKASH and NAGAD beneficiaries of BDT 7,500 in 3 installments, and every fifth paid in cash. */
    public ListFile beneficiaries(String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            String id = prefix + "-" + String.format("%04d", i);
            String name = NAMES[i % NAMES.length];
            if (i % 5 == 0) {
                row(id + "," + name + "," + freshNationalId() + ",CASH,,7500,3,KCC Ward " + (i % 8 + 1) + ",widow");
            } else {
                row(id + "," + name + "," + freshNationalId() + "," + (i % 2 == 0 ? "NAGAD" : "bkash") + ","
                        + freshWallet() + ",7500,3,Batiaghata Union,ultra-poor");
            }
        }
        return this;
    }

    public ListFile row(String csvRow) {
        rows.add(csvRow);
        return this;
    }

    public ListFile named(String name) {
        this.fileName = name;
        return this;
    }

    public String fileName() {
        return fileName;
    }

    public int size() {
        return rows.size();
    }

    public String text() {
        return header + "\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
