package io.pybase.sample.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialMaskTest {

  @Test
  void masksThePasswordOfAUrlsUserInfo() {
    assertThat(CredentialMask.mask("redis://:TopSecretPw@cache:6379")).isEqualTo("redis://:***@cache:6379");
    assertThat(CredentialMask.mask("rediss://app:TopSecretPw@cache:6380/0")).isEqualTo("rediss://app:***@cache:6380/0");
    assertThat(CredentialMask.mask("jdbc:postgresql://app:TopSecretPw@db:5432/pybase"))
        .isEqualTo("jdbc:postgresql://app:***@db:5432/pybase");
  }

  @Test
  void masksPasswordParametersAndQuotedUrlsInsideMessages() {
    assertThat(CredentialMask.mask("jdbc:postgresql://db/pybase?user=app&password=TopSecretPw&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/pybase?user=app&password=***&ssl=true");
    assertThat(CredentialMask.mask("Invalid REDIS_URL='redis://:TopSecretPw@': expected ..."))
        .isEqualTo("Invalid REDIS_URL='redis://:***@': expected ...");
    assertThat(CredentialMask.mask("jdbc:h2:mem:x;PASSWORD=TopSecretPw;USER=sa")).doesNotContain("TopSecretPw");
  }

  @Test
  void leavesTextWithoutPasswordsAsItIs() {
    for (String plain : new String[] {"redis://cache:6379", "redis://app@cache:6379", "jdbc:h2:mem:pybase",
        "http://127.0.0.1:8000/api/v1/health", "Connection refused"}) {
      assertThat(CredentialMask.mask(plain)).isEqualTo(plain);
    }
    assertThat(CredentialMask.mask(null)).isNull();
  }
}
