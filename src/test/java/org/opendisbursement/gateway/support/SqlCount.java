package org.opendisbursement.gateway.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The one number a query such as {@code SELECT count(*) …} answers, read over a plain JDBC connection. */
public final class SqlCount {

    private SqlCount() {
    }

    public static long of(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
