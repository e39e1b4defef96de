package io.jetstreamproto.crypto.internal.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;

/** SR-01, SR-03, SR-05: our ML-KEM-768 is FIPS 203's, checked three ways. */
class MlKem768Test {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Go's accumulated test ({@code golang/go src/crypto/mlkem/mlkem_test.go}, TestAccumulated), run through this
     * class: SHAKE-128 of the empty string is the RNG; per iteration read seed(64) → key generation, absorb ek;
     * read m(32) → encapsulation, absorb ct and K; check decapsulation(ct) = K; read a random ct(1088) → absorb its
     * (implicitly rejected) decapsulation. The first 32 bytes of the accumulator are compared.
     */
    private static String accumulated(int iterations) {
        SHAKEDigest rng = new SHAKEDigest(128);
        SHAKEDigest acc = new SHAKEDigest(128);
        byte[] seed = new byte[MlKem768.SEED_LENGTH];
        byte[] m = new byte[32];
        byte[] randomCt = new byte[MlKem768.CT_LENGTH];
        for (int i = 0; i < iterations; i++) {
            rng.doOutput(seed, 0, seed.length);
            MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(seed);
            byte[] ek = kp.encapsulationKey();
            acc.update(ek, 0, ek.length);
            rng.doOutput(m, 0, m.length);
            MlKem768.Encapsulation e = MlKem768.encapsulateDeterministic(ek, m);
            byte[] ct = e.ciphertext();
            acc.update(ct, 0, ct.length);
            acc.update(e.sharedSecret(), 0, MlKem768.SS_LENGTH);
            if (!java.security.MessageDigest.isEqual(MlKem768.decapsulate(kp, ct), e.sharedSecret())) {
                throw new AssertionError("decapsulation mismatch at iteration " + i);
            }
            rng.doOutput(randomCt, 0, randomCt.length);
            byte[] k = MlKem768.decapsulate(kp, randomCt);
            acc.update(k, 0, k.length);
            e.destroy();
            kp.destroy();
        }
        byte[] out = new byte[32];
        acc.doFinal(out, 0, 32);
        return HEX.formatHex(out);
    }

    @Test
    void goAccumulatedHundredVectors() {
        assertThat(accumulated(100)).isEqualTo("1114b1b6699ed191734fa339376afa7e285c9e6acf6ff0177d346696ce564415");
    }

    @Test
    void goAccumulatedTenThousandVectors() {
        assertThat(accumulated(10_000)).isEqualTo("8a518cc63da366322a8e7a818c7a0d63483cb3528d34a4cf42f35d5ad73f22fc");
    }

    /**
     * Wycheproof {@code mlkem_768_test.json}, 193 cases: 153 valid (seed → ek must match, decapsulation of the given
     * ciphertext, including bit-flipped and random ones, must give K); 20 invalid seeds of the wrong length (rejected
     * by {@link MlKem768#keyPairFromSeed}); 20 invalid ciphertexts of the wrong length (rejected by decapsulate,
     * SR-05).
     */
    @Test
    void wycheproofKeygenAndDecapsulation() {
        List<Wycheproof.Case> cases = Wycheproof.load("mlkem_768_test.json");
        int valid = 0;
        int badSeed = 0;
        int badCiphertext = 0;
        for (Wycheproof.Case c : cases) {
            byte[] seed = c.hex("seed");
            if (c.result().equals("valid")) {
                MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(seed);
                assertThat(kp.encapsulationKey()).as(c.describe()).isEqualTo(c.hex("ek"));
                assertThat(MlKem768.decapsulate(kp, c.hex("c"))).as(c.describe()).isEqualTo(c.hex("K"));
                valid++;
            } else if (seed.length != MlKem768.SEED_LENGTH) {
                assertThatThrownBy(() -> MlKem768.keyPairFromSeed(seed)).as(c.describe())
                        .isInstanceOf(IllegalArgumentException.class);
                badSeed++;
            } else {
                MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(seed);
                assertThat(c.hex("c").length).as(c.describe()).isNotEqualTo(MlKem768.CT_LENGTH);
                assertThatThrownBy(() -> MlKem768.decapsulate(kp, c.hex("c"))).as(c.describe())
                        .isInstanceOf(InvalidKeyShareException.class)
                        .extracting(e -> ((InvalidKeyShareException) e).reason())
                        .isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
                badCiphertext++;
            }
        }
        assertThat(cases).hasSize(193);
        assertThat(valid).isEqualTo(153);
        assertThat(badSeed).isEqualTo(20);
        assertThat(badCiphertext).isEqualTo(20);
    }

    /**
     * Wycheproof {@code mlkem_768_encaps_test.json}, 265 cases: 133 valid (ciphertext and K must match for the given
     * m); 112 keys failing the modulus check, 100 "Public key not reduced" and 12 {@code ModulusOverflow} (rejected
     * with {@code MLKEM_KEY_NOT_REDUCED}, SR-03); 20 keys of the wrong length ({@code WRONG_LENGTH}).
     */
    @Test
    void wycheproofEncapsulationRejectsUnreducedKeysFirst() {
        List<Wycheproof.Case> cases = Wycheproof.load("mlkem_768_encaps_test.json");
        int valid = 0;
        int notReduced = 0;
        int modulusOverflow = 0;
        int wrongLength = 0;
        for (Wycheproof.Case c : cases) {
            byte[] ek = c.hex("ek");
            byte[] m = c.hex("m");
            if (c.result().equals("valid")) {
                MlKem768.Encapsulation e = MlKem768.encapsulateDeterministic(ek, m);
                assertThat(e.ciphertext()).as(c.describe()).isEqualTo(c.hex("c"));
                assertThat(e.sharedSecret()).as(c.describe()).isEqualTo(c.hex("K"));
                valid++;
                continue;
            }
            // Through the public entry point: a rejected key must not consume any randomness (check first).
            CountingRandom random = new CountingRandom();
            InvalidKeyShareException ex = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidKeyShareException.class, () -> MlKem768.encapsulate(ek, random), c.describe());
            assertThat(random.drawn).as(c.describe()).isZero();
            assertThat(ex.getMessage()).as("no key bytes in the message").hasSizeLessThan(100);
            if (ek.length != MlKem768.EK_LENGTH) {
                assertThat(ex.reason()).as(c.describe()).isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
                wrongLength++;
            } else {
                assertThat(ex.reason()).as(c.describe())
                        .isEqualTo(InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED);
                if (c.hasFlag("ModulusOverflow")) {
                    modulusOverflow++;
                } else {
                    assertThat(c.test().path("comment").asText()).isEqualTo("Public key not reduced");
                    notReduced++;
                }
            }
        }
        assertThat(cases).hasSize(265);
        assertThat(valid).isEqualTo(133);
        assertThat(notReduced).isEqualTo(100);
        assertThat(modulusOverflow).isEqualTo(12);
        assertThat(wrongLength).isEqualTo(20);
    }

    @Test
    void ciphertextOfAnyOtherLengthIsRejected() { // SR-05
        MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(new byte[64]);
        for (int len : new int[] {0, 1, 32, 1087, 1089, 1120, 2176}) {
            assertThatThrownBy(() -> MlKem768.decapsulate(kp, new byte[len]))
                    .isInstanceOf(InvalidKeyShareException.class)
                    .hasMessageContaining("must be 1088 bytes, got " + len);
        }
        kp.destroy();
    }

    @Test
    void tamperedCiphertextGivesADifferentSecretNotAnError() { // implicit rejection, SR-05
        RandomSource r = RandomSource.deterministicForTesting(203);
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(r);
        MlKem768.Encapsulation e = MlKem768.encapsulate(kp.encapsulationKey(), r);
        assertThat(MlKem768.decapsulate(kp, e.ciphertext())).isEqualTo(e.sharedSecret());
        for (int pos : new int[] {0, 500, 1087}) {
            byte[] ct = e.ciphertext();
            ct[pos] ^= 0x01;
            byte[] k1 = MlKem768.decapsulate(kp, ct);
            assertThat(k1).hasSize(32).isNotEqualTo(e.sharedSecret());
            assertThat(MlKem768.decapsulate(kp, ct)).as("deterministic").isEqualTo(k1);
        }
    }

    @Test
    void randomnessIsDrawnFromTheSourceInDocumentedAmounts() {
        CountingRandom r = new CountingRandom();
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(r);
        assertThat(r.drawn).isEqualTo(64);
        assertThat(kp.seed()).isEqualTo(new CountingRandom().nextBytes(64));
        MlKem768.encapsulate(kp.encapsulationKey(), r);
        assertThat(r.drawn).isEqualTo(96);
    }

    @Test
    void seedsRoundTripAndSizesAreFips203s() {
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(RandomSource.deterministicForTesting(768));
        byte[] seed = kp.seed();
        assertThat(seed).hasSize(MlKem768.SEED_LENGTH);
        assertThat(MlKem768.keyPairFromSeed(seed).encapsulationKey()).isEqualTo(kp.encapsulationKey());
        assertThat(kp.encapsulationKey()).hasSize(MlKem768.EK_LENGTH).hasSize(1184);
        MlKem768.Encapsulation e = MlKem768.encapsulate(kp.encapsulationKey(), RandomSource.deterministicForTesting(1));
        assertThat(e.ciphertext()).hasSize(MlKem768.CT_LENGTH).hasSize(1088);
        assertThat(e.sharedSecret()).hasSize(MlKem768.SS_LENGTH).hasSize(32);
        assertThatThrownBy(() -> MlKem768.keyPairFromSeed(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyWipesAndLaterUseFails() {
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(RandomSource.deterministicForTesting(9));
        MlKem768.Encapsulation e = MlKem768.encapsulate(kp.encapsulationKey(), RandomSource.deterministicForTesting(10));
        byte[] ss = e.sharedSecret();
        assertThat(kp.toString()).contains("redacted");
        assertThat(e.toString()).contains("redacted");
        e.destroy();
        assertThat(ss).containsOnly((byte) 0);
        assertThat(e.isDestroyed()).isTrue();
        assertThatThrownBy(e::sharedSecret).isInstanceOf(IllegalStateException.class);
        kp.destroy();
        assertThat(kp.isDestroyed()).isTrue();
        assertThat(kp.toString()).contains("destroyed");
        assertThatThrownBy(() -> MlKem768.decapsulate(kp, e.ciphertext())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(kp::seed).isInstanceOf(IllegalStateException.class);
        assertThat(kp.encapsulationKey()).as("the public key stays available").hasSize(1184);
    }

    /** A deterministic source that counts the bytes drawn from it. */
    static final class CountingRandom implements RandomSource {
        private final RandomSource inner = RandomSource.deterministicForTesting(99);
        int drawn;

        @Override
        public void nextBytes(byte[] out) {
            drawn += out.length;
            inner.nextBytes(out);
        }
    }
}
