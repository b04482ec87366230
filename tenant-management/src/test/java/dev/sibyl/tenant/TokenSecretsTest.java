package dev.sibyl.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {
    @Test
    void generatedTokensAreSblAnIdPartAndA258BitSecretAndDistinct() {
        SplittableRandom random = new SplittableRandom(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = TokenSecrets.generate(random);
            assertThat(token).hasSize(4 + 8 + 1 + 43).matches("sbl_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}");
            assertThat(43 * 6).isGreaterThanOrEqualTo(256);
            assertThat(TokenSecrets.isWellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashIsLowerCaseHexSha256OfTheWholeToken() {
        // printf sbl_abc | sha256sum
        assertThat(TokenSecrets.hash("sbl_abc"))
                .isEqualTo("817506bb95e4b329200606cdd61ca3935a3e5c01198cdf09263345d1d15c08d1");
    }

    @Test
    void rejectsTokensWithoutPrefixTooShortOrWithForeignCharacters() {
        assertThat(TokenSecrets.isWellFormed(null)).isFalse();
        assertThat(TokenSecrets.isWellFormed("abc_0123456789012345678901234")).isFalse();
        assertThat(TokenSecrets.isWellFormed("sbl_short")).isFalse();
        assertThat(TokenSecrets.isWellFormed("sbl_0123456789012345678 9")).isFalse();
        assertThat(TokenSecrets.isWellFormed("sbl_0123456789012345678\n9")).isFalse();
        assertThat(TokenSecrets.isWellFormed("sbl_" + "a".repeat(300))).isFalse();
        assertThat(TokenSecrets.isWellFormed("sbl_test_admin_0123456789abcdef0123456789abcdef"))
                .isTrue();
    }

    @Test
    void prefixShowsOnlyTheIdPart() {
        assertThat(TokenSecrets.prefix("sbl_abcdefgh_ijklmnopqrstuvwxyz")).isEqualTo("sbl_abcdefgh");
    }

    @Test
    void hashesCompareByValue() {
        String h = TokenSecrets.hash("sbl_abc");
        assertThat(TokenSecrets.sameHash(h, TokenSecrets.hash("sbl_abc"))).isTrue();
        assertThat(TokenSecrets.sameHash(h, TokenSecrets.hash("sbl_abd"))).isFalse();
    }
}
