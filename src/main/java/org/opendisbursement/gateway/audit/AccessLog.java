package org.opendisbursement.gateway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who read or exported what: one append-only row per request to the auditor endpoints and the other paths of
 * {@code disbursement.audit.access-log-paths} (user, roles, path, filters, format, status, rows returned, time taken).
 * A controller that knows how many rows it returned says so in the request attribute {@link #ROWS}.
 */
@Component("auditAccessLog")
public class AccessLog {

    /** Request attribute (a {@link Number}): how many rows (entries, lines) the request returned or exported. */
    public static final String ROWS = "org.opendisbursement.gateway.audit.rows";

    public record Access(long id, Instant at, String username, String roles, String method, String path, String filters,
                  String format, int status, Long rows, long durationMs, String remoteAddress, String error) {
    }

    public record Page(List<Access> entries, Long nextBefore) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    AccessLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Access a) {
        jdbc.update("""
                INSERT INTO access_log (at, username, roles, method, path, filters, format, status, row_count,
                                        duration_ms, remote_addr, error)
                VALUES (:at, :username, :roles, :method, :path, :filters, :format, :status, :rows, :duration,
                        :remote, :error)
                """, new MapSqlParameterSource().addValue("at", Timestamp.from(a.at())).addValue("username", a.username())
                .addValue("roles", a.roles()).addValue("method", a.method()).addValue("path", a.path())
                .addValue("filters", a.filters()).addValue("format", a.format()).addValue("status", a.status())
                .addValue("rows", a.rows()).addValue("duration", a.durationMs()).addValue("remote", a.remoteAddress())
                .addValue("error", a.error()));
    }

    /** Newest first: accesses before id {@code before}, of one user and under one path prefix if given. */
    public Page page(String username, String pathPrefix, Instant from, Instant to, long before, int limit) {
        var parameters = new MapSqlParameterSource("before", before).addValue("limit", limit);
        List<String> conditions = new ArrayList<>(List.of("a.id < :before"));
        if (username != null) {
            conditions.add("a.username = :username");
            parameters.addValue("username", username);
        }
        if (pathPrefix != null) {
            conditions.add("a.path LIKE :path ESCAPE '\\'");
            parameters.addValue("path", pathPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (from != null) {
            conditions.add("a.at >= :from");
            parameters.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            conditions.add("a.at < :to");
            parameters.addValue("to", Timestamp.from(to));
        }
        List<Access> rows = jdbc.query("SELECT * FROM access_log a WHERE " + String.join(" AND ", conditions)
                + " ORDER BY a.id DESC LIMIT :limit", parameters, (rs, n) -> new Access(rs.getLong("id"),
                rs.getTimestamp("at").toInstant(), rs.getString("username"), rs.getString("roles"), rs.getString("method"),
                rs.getString("path"), rs.getString("filters"), rs.getString("format"), rs.getInt("status"),
                (Long) rs.getObject("row_count"), rs.getLong("duration_ms"), rs.getString("remote_addr"),
                rs.getString("error")));
        return new Page(rows, rows.size() == limit ? rows.get(rows.size() - 1).id() : null);
    }
}
