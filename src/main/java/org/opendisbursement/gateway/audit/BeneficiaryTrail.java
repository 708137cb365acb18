package org.opendisbursement.gateway.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.system.Mask;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything about one person across payment lists: in which lists she stands (name, channel, masked wallet and
 * national ID, distribution point, entitlement), each of her installments as it stands now (state, reference, the
 * provider's transaction id, failure), and every ledger entry about her, oldest first. The one read model of a
 * beneficiary's trail, for the auditor's API and the console's trail page. A beneficiary id is the programme's own
 * identifier, so the same id in two programmes may be two people: narrow with {@code programme}.
 */
@Component("auditBeneficiaryTrail")
public class BeneficiaryTrail {

    public record Installment(long id, int number, LocalDate dueDate, Amount amount, String channel, String state,
                       String reference, String providerTransactionId, String failureCode, String lastError,
                       Instant updatedAt) {
    }

    /**
     * Her row in one list. The console shows the masked national ID and how many installments the row asks for; the
     * API's answer leaves both out, as it always has.
     */
    public record Membership(long listId, String programme, String listStatus, int row, String fullName,
                             String channel, String wallet, @JsonIgnore String nationalId, String location,
                             String category, Amount entitlement, @JsonIgnore int installmentCount,
                             List<Installment> installments) {
    }

    /** Her lists in list order, and her ledger entries, oldest first, at most {@link #MAX_ENTRIES}. */
    public record Trail(String beneficiaryId, String programme, List<Membership> lists, List<LedgerQuery.Row> entries,
                        boolean entriesTruncated) {
    }

    static final int MAX_ENTRIES = 5000;

    private final NamedParameterJdbcTemplate jdbc;
    private final LedgerQuery ledger;

    BeneficiaryTrail(NamedParameterJdbcTemplate jdbc, LedgerQuery ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Empty lists and entries when nobody has this id. */
    Trail of(String beneficiaryId, String programme) {
        var parameters = new MapSqlParameterSource("beneficiaryId", beneficiaryId).addValue("programme", programme);
        Map<Long, Membership> lists = new LinkedHashMap<>();
        jdbc.query("""
                SELECT b.id, b.list_id, b.programme, p.status, b.row_no, b.full_name, b.channel, b.wallet_number,
                       b.national_id, b.location, b.category, b.amount_minor, b.installments, p.currency
                FROM beneficiary b JOIN payment_list p ON p.id = b.list_id
                WHERE b.beneficiary_id = :beneficiaryId AND (CAST(:programme AS text) IS NULL OR b.programme = :programme)
                ORDER BY b.list_id
                """, parameters, rs -> {
            lists.put(rs.getLong("id"), new Membership(rs.getLong("list_id"), rs.getString("programme"),
                    rs.getString("status"), rs.getInt("row_no"), rs.getString("full_name"), rs.getString("channel"),
                    Mask.identifier(rs.getString("wallet_number")), Mask.identifier(rs.getString("national_id")),
                    rs.getString("location"), rs.getString("category"),
                    Amount.of(rs.getLong("amount_minor"), rs.getString("currency")), rs.getInt("installments"),
                    new ArrayList<>()));
        });
        if (!lists.isEmpty()) {
            jdbc.query("""
                    SELECT i.id, i.beneficiary_ref, i.number, i.due_date, i.amount_minor, i.currency, i.channel, i.state,
                           i.provider_reference, i.provider_txn_id, i.failure_code, i.last_error, i.updated_at
                    FROM installment i WHERE i.beneficiary_ref IN (:refs) ORDER BY i.beneficiary_ref, i.number
                    """, new MapSqlParameterSource("refs", List.copyOf(lists.keySet())), rs -> {
                lists.get(rs.getLong("beneficiary_ref")).installments().add(new Installment(rs.getLong("id"),
                        rs.getInt("number"), rs.getDate("due_date").toLocalDate(),
                        Amount.of(rs.getLong("amount_minor"), rs.getString("currency")), rs.getString("channel"),
                        rs.getString("state"), rs.getString("provider_reference"), rs.getString("provider_txn_id"),
                        rs.getString("failure_code"), rs.getString("last_error"), rs.getTimestamp("updated_at").toInstant()));
            });
        }
        List<LedgerQuery.Row> entries = ledger.ofBeneficiary(beneficiaryId, programme, MAX_ENTRIES + 1);
        boolean truncated = entries.size() > MAX_ENTRIES;
        return new Trail(beneficiaryId, programme, List.copyOf(lists.values()),
                truncated ? entries.subList(0, MAX_ENTRIES) : entries, truncated);
    }
}
