package org.opendisbursement.gateway.system;

import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/** A PostgreSQL array parameter ({@code :ids::bigint[]}), so a whole batch travels as one statement. */
public final class SqlArray extends AbstractSqlTypeValue {

    private final String elementType;
    private final Object[] values;

    public SqlArray(String elementType, Object[] values) {
        this.elementType = elementType;
        this.values = values;
    }

    @Override
    protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
        return connection.createArrayOf(elementType, values);
    }
}
