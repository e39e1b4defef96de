package io.jetstreamproto.crypto.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jetstreamproto.crypto.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.junit.jupiter.api.Test;

/** SR-02, SR-12: ML-DSA-65 verification against Wycheproof; empty-context interoperability with the JDK 24+ provider. */
class MlDsa65Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void wycheproofVerify() {
        List<Wycheproof.Case> cases = Wycheproof.load("mldsa_65_verify_test.json");
        int emptyContext = 0;
        int withContext = 0;
        for (Wycheproof.Case c : cases) {
            byte[] pk = HEX.parseHex(c.group().get("publicKey").asText());
            boolean expected = c.result().equals("valid");
            if (!c.has("ctx")) {
                assertThat(MlDsa65.verify(pk, c.hex("msg"), c.hex("sig"))).as(c.describe()).isEqualTo(expected);
                emptyContext++;
            } else {
                // JSP only uses the empty context; cases with a context are checked with Bouncy Castle directly.
                assertThat(verifyWithContext(pk, c.hex("ctx"), c.hex("msg"), c.hex("sig"))).as(c.describe())
                        .isEqualTo(expected);
                withContext++;
            }
        }
        assertThat(emptyContext + withContext).isEqualTo(210);
        assertThat(withContext).isPositive();
    }

    private static boolean verifyWithContext(byte[] pk, byte[] ctx, byte[] msg, byte[] sig) {
        try {
            MLDSASigner v = new MLDSASigner();
            v.init(false, new ParametersWithContext(new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, pk), ctx));
            v.update(msg, 0, msg.length);
            return v.verifySignature(sig);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void signsAndVerifiesAndRejectsTampering() {
        RandomSource r = RandomSource.deterministicForTesting(3);
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(r);
        byte[] msg = {1, 2, 3};
        byte[] sig = MlDsa65.sign(kp, msg, r);
        assertThat(sig).hasSize(MlDsa65.SIGNATURE_LENGTH);
        assertThat(kp.publicKey()).hasSize(MlDsa65.PUBLIC_KEY_LENGTH);
        assertThat(MlDsa65.verify(kp.publicKey(), msg, sig)).isTrue();
        sig[5] ^= 1;
        assertThat(MlDsa65.verify(kp.publicKey(), msg, sig)).isFalse();
        assertThat(MlDsa65.KeyPair.fromSeed(kp.seed()).publicKey()).isEqualTo(kp.publicKey());
    }

    @Test
    void theJdkProviderVerifiesOurEmptyContextSignatures() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the JDK has ML-DSA from Java 24");
        RandomSource r = RandomSource.deterministicForTesting(4);
        MlDsa65.KeyPair kp = MlDsa65.generateKeyPair(r);
        byte[] msg = "JSP/1 server auth".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sig = MlDsa65.sign(kp, msg, r);
        byte[] prefix = HEX.parseHex("308207b2300b0609608648016503040312038207a100");
        byte[] spki = java.util.Arrays.copyOf(prefix, prefix.length + kp.publicKey().length);
        System.arraycopy(kp.publicKey(), 0, spki, prefix.length, kp.publicKey().length);
        PublicKey pub = KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(spki));
        Signature v = Signature.getInstance("ML-DSA");
        v.initVerify(pub);
        v.update(msg);
        assertThat(v.verify(sig)).isTrue();
    }
}
