package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one canonical form of a user name: NFKC, trimmed, lower-case. No Spring, no database. */
class UserNamesTest {

    @Test
    void caseSpacesAndCompatibilityFormsAreOnePerson() {
        assertThat(UserNames.canonical("  Maker ")).isEqualTo("maker");
        assertThat(UserNames.canonical("ＭＡＫＥＲ")).as("full-width letters").isEqualTo("maker");
        assertThat(UserNames.canonical("\u00A0maker\u2003")).as("no-break and em spaces").isEqualTo("maker");
        assertThat(UserNames.canonical("ﬁroza")).as("the fi ligature").isEqualTo("firoza");
        assertThat(UserNames.canonical("রহিমা")).isEqualTo("রহিমা");
        assertThat(UserNames.samePerson("Amina", "ａｍｉｎａ ")).isTrue();
    }

    @Test
    void differentPeopleStayDifferentAndNobodyIsTheSameAsNoName() {
        assertThat(UserNames.samePerson("maker", "checker")).isFalse();
        assertThat(UserNames.samePerson("maker", "maker2")).isFalse();
        assertThat(UserNames.samePerson(null, null)).isFalse();
        assertThat(UserNames.samePerson("", " ")).isFalse();
        assertThat(UserNames.samePerson("maker", null)).isFalse();
        assertThat(UserNames.canonical(null)).isEmpty();
    }
}
