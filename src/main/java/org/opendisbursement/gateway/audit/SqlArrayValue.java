package org.opendisbursement.gateway.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/** A PostgreSQL array parameter ({@code :ids::bigint[]}), so a whole batch of seals travels as one statement. */
final class SqlArrayValue extends AbstractSqlTypeValue {

    private final String elementType;
    private final Object[] values;

    SqlArrayValue(String elementType, Object[] values) {
        this.elementType = elementType;
        this.values = values;
    }

    @Override
    protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
        return connection.createArrayOf(elementType, values);
    }
}
