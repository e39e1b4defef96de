package io.jetstreamproto.crypto.internal.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.junit.jupiter.api.Test;

/** SR-02, SR-12: ML-DSA-65 against Wycheproof; empty-context interoperability with the JDK 24+ provider. */
class MlDsa65Test {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * {@code mldsa_65_verify_test.json}, 210 cases. 203 use the empty context (202 without a {@code ctx} field, 1
     * with an explicitly empty one) and run through {@link MlDsa65#verify}: 77 valid, 126 invalid. The other 7 have a
     * non-empty context, which our pure empty-context API cannot express: they are checked with Bouncy Castle
     * directly ({@code ParametersWithContext}), 2 valid (7- and 255-byte contexts) and 5 invalid (256-byte contexts,
     * over FIPS 204's limit). None skipped.
     */
    @Test
    void wycheproofVerify() {
        List<Wycheproof.Case> cases = Wycheproof.load("mldsa_65_verify_test.json");
        int emptyValid = 0;
        int emptyInvalid = 0;
        int contextValid = 0;
        int contextInvalid = 0;
        for (Wycheproof.Case c : cases) {
            byte[] pk = HEX.parseHex(c.group().get("publicKey").asText());
            boolean expected = c.result().equals("valid");
            byte[] ctx = c.has("ctx") ? c.hex("ctx") : new byte[0];
            if (ctx.length == 0) {
                assertThat(MlDsa65.verify(pk, c.hex("msg"), c.hex("sig"))).as(c.describe()).isEqualTo(expected);
                if (expected) {
                    emptyValid++;
                } else {
                    emptyInvalid++;
                }
            } else {
                assertThat(verifyWithContext(pk, ctx, c.hex("msg"), c.hex("sig"))).as(c.describe())
                        .isEqualTo(expected);
                if (expected) {
                    contextValid++;
                } else {
                    contextInvalid++;
                }
            }
        }
        assertThat(cases).hasSize(210);
        assertThat(emptyValid).isEqualTo(77);
        assertThat(emptyInvalid).isEqualTo(126);
        assertThat(contextValid).isEqualTo(2);
        assertThat(contextInvalid).isEqualTo(5);
    }

    private static boolean verifyWithContext(byte[] pk, byte[] ctx, byte[] msg, byte[] sig) {
        try {
            MLDSASigner v = new MLDSASigner();
            v.init(false, new ParametersWithContext(new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, pk), ctx));
            v.update(msg, 0, msg.length);
            return v.verifySignature(sig);
        } catch (RuntimeException e) {
            return false; // e.g. a context over 255 bytes
        }
    }

    @Test
    void signsVerifiesAndRejectsTampering() {
        RandomSource r = RandomSource.deterministicForTesting(3);
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(r);
        byte[] msg = {1, 2, 3};
        byte[] sig = MlDsa65.sign(kp, msg, r);
        assertThat(sig).hasSize(MlDsa65.SIGNATURE_LENGTH).hasSize(3309);
        assertThat(kp.publicKey()).hasSize(MlDsa65.PUBLIC_KEY_LENGTH).hasSize(1952);
        assertThat(MlDsa65.verify(kp.publicKey(), msg, sig)).isTrue();
        assertThat(MlDsa65.verify(kp.publicKey(), new byte[] {1, 2, 4}, sig)).isFalse();
        byte[] bad = sig.clone();
        bad[5] ^= 1;
        assertThat(MlDsa65.verify(kp.publicKey(), msg, bad)).isFalse();
        assertThat(MlDsa65.verify(kp.publicKey(), msg, Arrays.copyOf(sig, 3310))).isFalse();
        assertThat(MlDsa65.verify(kp.publicKey(), msg, Arrays.copyOf(sig, 3308))).isFalse();
        assertThat(MlDsa65.verify(Arrays.copyOf(kp.publicKey(), 1951), msg, sig)).isFalse();
        assertThat(MlDsa65.verify(null, msg, sig)).isFalse();
        assertThat(MlDsa65.verify(kp.publicKey(), msg, null)).isFalse();
    }

    @Test
    void signaturesWithAContextDoNotVerifyAsEmptyContext() {
        RandomSource r = RandomSource.deterministicForTesting(5);
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(r);
        byte[] msg = "m".getBytes(StandardCharsets.US_ASCII);
        MLDSASigner s = new MLDSASigner();
        s.init(true, new ParametersWithContext(new org.bouncycastle.crypto.params.ParametersWithRandom(
                kp.privateKey(), r.asSecureRandom()), new byte[] {1}));
        s.update(msg, 0, msg.length);
        byte[] sig;
        try {
            sig = s.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new AssertionError(e);
        }
        assertThat(MlDsa65.verify(kp.publicKey(), msg, sig)).isFalse();
    }

    @Test
    void deterministicRandomnessGivesReproducibleKeysAndSignatures() {
        byte[] msg = "JSP/1 server auth".getBytes(StandardCharsets.US_ASCII);
        RandomSource a = RandomSource.deterministicForTesting(65);
        RandomSource b = RandomSource.deterministicForTesting(65);
        MlDsa65.KeyPair ka = MlDsa65.generateKeyPair(a);
        MlDsa65.KeyPair kb = MlDsa65.generateKeyPair(b);
        assertThat(ka.publicKey()).isEqualTo(kb.publicKey());
        assertThat(MlDsa65.sign(ka, msg, a)).isEqualTo(MlDsa65.sign(kb, msg, b));
    }

    @Test
    void seedStorageRoundTripsAndDestroyWorks() {
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(RandomSource.deterministicForTesting(6));
        byte[] seed = kp.seed();
        assertThat(seed).hasSize(MlDsa65.SEED_LENGTH);
        assertThat(MlDsa65.KeyPair.fromSeed(seed).publicKey()).isEqualTo(kp.publicKey());
        assertThatThrownBy(() -> MlDsa65.KeyPair.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(kp.toString()).contains("redacted").doesNotContain(HEX.formatHex(seed).substring(0, 8));
        kp.destroy();
        assertThat(kp.isDestroyed()).isTrue();
        assertThatThrownBy(kp::seed).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MlDsa65.sign(kp, new byte[1], RandomSource.deterministicForTesting(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theJdkProviderVerifiesOurEmptyContextSignatures() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the JDK has ML-DSA from Java 24");
        RandomSource r = RandomSource.deterministicForTesting(4);
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(r);
        byte[] msg = "JSP/1 server auth".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = MlDsa65.sign(kp, msg, r);
        byte[] prefix = HEX.parseHex("308207b2300b0609608648016503040312038207a100");
        byte[] spki = Arrays.copyOf(prefix, prefix.length + kp.publicKey().length);
        System.arraycopy(kp.publicKey(), 0, spki, prefix.length, kp.publicKey().length);
        PublicKey pub = KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(spki));
        Signature v = Signature.getInstance("ML-DSA");
        v.initVerify(pub);
        v.update(msg);
        assertThat(v.verify(sig)).isTrue();
    }
}
