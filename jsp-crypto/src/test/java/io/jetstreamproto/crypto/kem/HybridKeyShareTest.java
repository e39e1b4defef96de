package io.jetstreamproto.crypto.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.util.RandomSource;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.junit.jupiter.api.Test;

/** SR-07: the X25519MLKEM768 layout and secret order, checked against a TLS-style exchange built by hand. */
class HybridKeyShareTest {

    @Test
    void tlsStyleClientShareIsAnsweredAndTheSecretIsMlKemThenX25519() {
        RandomSource r = RandomSource.deterministicForTesting(7);
        // A TLS X25519MLKEM768 client, built from Bouncy Castle directly: key_exchange = ek || x25519_pub.
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(r.asSecureRandom(), MLKEMParameters.ml_kem_768));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        byte[] ek = ((MLKEMPublicKeyParameters) kp.getPublic()).getEncoded();
        byte[] xPriv = r.nextBytes(32);
        byte[] xPub = X25519.publicKey(xPriv);
        byte[] clientShare = concat(ek, xPub);

        HybridKeyShare.ServerKeyShare server = HybridKeyShare.respond(clientShare, r);
        byte[] serverShare = server.encoded();
        assertThat(serverShare).hasSize(1120);
        // The TLS client decodes ct || x25519 and derives ss_mlkem || ss_x25519.
        byte[] ct = Arrays.copyOfRange(serverShare, 0, 1088);
        byte[] serverX = Arrays.copyOfRange(serverShare, 1088, 1120);
        byte[] ssM = new MLKEMExtractor((MLKEMPrivateKeyParameters) kp.getPrivate()).extractSecret(ct);
        byte[] ssX = X25519.agree(xPriv, serverX);
        assertThat(server.secret()).isEqualTo(concat(ssM, ssX));
        assertThat(server.secret()).isNotEqualTo(concat(ssX, ssM));
    }

    @Test
    void ourClientAgainstATlsStyleServer() {
        RandomSource r = RandomSource.deterministicForTesting(8);
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        byte[] share = client.encoded();
        assertThat(share).hasSize(1216);
        byte[] ek = Arrays.copyOfRange(share, 0, 1184);
        byte[] clientX = Arrays.copyOfRange(share, 1184, 1216);
        SecretWithEncapsulation swe = new MLKEMGenerator(r.asSecureRandom())
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek));
        byte[] sPriv = r.nextBytes(32);
        byte[] serverShare = concat(swe.getEncapsulation(), X25519.publicKey(sPriv));
        byte[] expected = concat(swe.getSecret(), X25519.agree(sPriv, clientX));
        assertThat(client.deriveSecret(serverShare)).isEqualTo(expected);
        client.destroy();
        assertThat(client.isDestroyed()).isTrue();
        assertThatThrownBy(() -> client.deriveSecret(serverShare)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedSharesAreTypedErrors() {
        RandomSource r = RandomSource.deterministicForTesting(9);
        assertThatThrownBy(() -> HybridKeyShare.respond(new byte[32], r)).isInstanceOf(InvalidKeyShareException.class)
                .extracting(e -> ((InvalidKeyShareException) e).reason())
                .isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
        HybridKeyShare.ClientKeyShare c = HybridKeyShare.generate(r);
        byte[] lowOrder = concat(c.encoded(), new byte[0]);
        Arrays.fill(lowOrder, 1184, 1216, (byte) 0); // the all-zero X25519 point
        assertThatThrownBy(() -> HybridKeyShare.respond(lowOrder, r)).isInstanceOf(InvalidKeyShareException.class)
                .extracting(e -> ((InvalidKeyShareException) e).reason())
                .isEqualTo(InvalidKeyShareException.Reason.X25519_ZERO_SHARED_SECRET);
        byte[] unreduced = c.encoded();
        Arrays.fill(unreduced, 0, 384, (byte) 0xFF); // coefficients ≥ q
        assertThatThrownBy(() -> HybridKeyShare.respond(unreduced, r)).isInstanceOf(InvalidKeyShareException.class)
                .extracting(e -> ((InvalidKeyShareException) e).reason())
                .isEqualTo(InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
