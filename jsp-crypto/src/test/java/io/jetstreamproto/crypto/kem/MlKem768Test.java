package io.jetstreamproto.crypto.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.testing.Wycheproof;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;

/** SR-01, SR-03, SR-05: ML-KEM-768 is FIPS 203's, checked three ways. */
class MlKem768Test {

    @Test
    void goAccumulatedTenThousandVectors() {
        // golang/go src/crypto/mlkem TestAccumulated: SHAKE-128 (empty input) as RNG, everything absorbed into
        // another SHAKE-128 whose first 32 output bytes are compared.
        SHAKEDigest rng = new SHAKEDigest(128);
        SHAKEDigest acc = new SHAKEDigest(128);
        byte[] seed = new byte[64];
        byte[] m = new byte[32];
        byte[] ct1 = new byte[MlKem768.CT_LENGTH];
        for (int i = 0; i < 10_000; i++) {
            rng.doOutput(seed, 0, seed.length);
            MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(seed);
            byte[] ek = kp.encapsulationKey();
            acc.update(ek, 0, ek.length);
            rng.doOutput(m, 0, m.length);
            MlKem768.Encapsulation e = MlKem768.encapsulateDeterministic(ek, m);
            byte[] ct = e.ciphertext();
            acc.update(ct, 0, ct.length);
            acc.update(e.sharedSecret(), 0, 32);
            assertThat(MlKem768.decapsulate(kp, ct)).isEqualTo(e.sharedSecret());
            rng.doOutput(ct1, 0, ct1.length);
            byte[] k1 = MlKem768.decapsulate(kp, ct1); // implicit rejection of a random ciphertext
            acc.update(k1, 0, k1.length);
        }
        byte[] out = new byte[32];
        acc.doFinal(out, 0, 32);
        assertThat(HexFormat.of().formatHex(out))
                .isEqualTo("8a518cc63da366322a8e7a818c7a0d63483cb3528d34a4cf42f35d5ad73f22fc");
    }

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
                assertThatThrownBy(() -> MlKem768.decapsulate(kp, c.hex("c"))).as(c.describe())
                        .isInstanceOf(InvalidKeyShareException.class);
                badCiphertext++;
            }
        }
        assertThat(valid + badSeed + badCiphertext).isEqualTo(193);
        assertThat(badSeed).isEqualTo(20);
        assertThat(badCiphertext).isEqualTo(20);
    }

    @Test
    void wycheproofEncapsulationRejectsUnreducedKeysFirst() {
        List<Wycheproof.Case> cases = Wycheproof.load("mlkem_768_encaps_test.json");
        int valid = 0;
        int notReduced = 0;
        int wrongLength = 0;
        for (Wycheproof.Case c : cases) {
            byte[] ek = c.hex("ek");
            byte[] m = c.hex("m");
            if (c.result().equals("valid")) {
                MlKem768.Encapsulation e = MlKem768.encapsulateDeterministic(ek, m);
                assertThat(e.ciphertext()).as(c.describe()).isEqualTo(c.hex("c"));
                assertThat(e.sharedSecret()).as(c.describe()).isEqualTo(c.hex("K"));
                valid++;
            } else {
                InvalidKeyShareException ex = org.junit.jupiter.api.Assertions.assertThrows(
                        InvalidKeyShareException.class, () -> MlKem768.encapsulateDeterministic(ek, m), c.describe());
                if (ex.reason() == InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED) {
                    notReduced++;
                } else {
                    wrongLength++;
                }
            }
        }
        assertThat(valid + notReduced + wrongLength).isEqualTo(265);
        assertThat(notReduced).isEqualTo(112); // 100 "not reduced" + 12 ModulusOverflow (SR-03)
    }

    @Test
    void ciphertextOfAnyOtherLengthIsRejected() { // SR-05
        MlKem768.KeyPair kp = MlKem768.keyPairFromSeed(new byte[64]);
        for (int len : new int[] {0, 1, 1087, 1089, 2176}) {
            assertThatThrownBy(() -> MlKem768.decapsulate(kp, new byte[len])).isInstanceOf(InvalidKeyShareException.class);
        }
        kp.destroy();
        assertThat(kp.isDestroyed()).isTrue();
    }
}
