package io.jetstreamproto.crypto.internal.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * SR-07: the X25519MLKEM768 layout and secret order of draft-ietf-tls-ecdhe-mlkem, checked against a TLS-style
 * peer built by hand from Bouncy Castle's own key-exchange classes (not from our code); plus the mandatory checks
 * (SR-03, SR-04, SR-05) and the combiner order.
 */
class HybridKeyShareTest {

    /** A TLS X25519MLKEM768 client, from Bouncy Castle's generator/agreement classes: key_exchange = ek || x25519. */
    private static final class TlsClient {
        final AsymmetricCipherKeyPair mlKem;
        final AsymmetricCipherKeyPair x25519;

        TlsClient(RandomSource r) {
            MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
            g.init(new MLKEMKeyGenerationParameters(r.asSecureRandom(), MLKEMParameters.ml_kem_768));
            mlKem = g.generateKeyPair();
            X25519KeyPairGenerator x = new X25519KeyPairGenerator();
            x.init(new X25519KeyGenerationParameters(r.asSecureRandom()));
            x25519 = x.generateKeyPair();
        }

        byte[] keyExchange() {
            return concat(((MLKEMPublicKeyParameters) mlKem.getPublic()).getEncoded(),
                    ((X25519PublicKeyParameters) x25519.getPublic()).getEncoded());
        }

        /** Decodes the server's ct || x25519 and returns ss_mlkem || ss_x25519. */
        byte[] sharedSecret(byte[] serverKeyExchange) {
            byte[] ct = Arrays.copyOfRange(serverKeyExchange, 0, 1088);
            byte[] serverX = Arrays.copyOfRange(serverKeyExchange, 1088, 1120);
            byte[] ssM = new MLKEMExtractor((MLKEMPrivateKeyParameters) mlKem.getPrivate()).extractSecret(ct);
            return concat(ssM, x25519Agree((X25519PrivateKeyParameters) x25519.getPrivate(), serverX));
        }
    }

    private static byte[] x25519Agree(X25519PrivateKeyParameters priv, byte[] peer) {
        X25519Agreement a = new X25519Agreement();
        a.init(priv);
        byte[] out = new byte[a.getAgreementSize()];
        a.calculateAgreement(new X25519PublicKeyParameters(peer, 0), out, 0);
        return out;
    }

    @Test
    void ourServerAnswersATlsStyleClientWithMlKemFirst() {
        RandomSource r = RandomSource.deterministicForTesting(7);
        TlsClient tls = new TlsClient(r);
        byte[] clientShare = tls.keyExchange();
        assertThat(clientShare).hasSize(HybridKeyShare.CLIENT_SHARE_LENGTH).hasSize(1216);

        HybridKeyShare.ServerKeyShare server = HybridKeyShare.respond(clientShare, r);
        byte[] serverShare = server.encoded();
        assertThat(serverShare).hasSize(HybridKeyShare.SERVER_SHARE_LENGTH).hasSize(1120);
        byte[] expected = tls.sharedSecret(serverShare);
        assertThat(server.secret()).hasSize(HybridKeyShare.SECRET_LENGTH).hasSize(64).isEqualTo(expected);
        // combiner order: the X25519-first concatenation is a different secret
        byte[] swapped = concat(Arrays.copyOfRange(expected, 32, 64), Arrays.copyOfRange(expected, 0, 32));
        assertThat(server.secret()).isNotEqualTo(swapped);
        server.destroy();
    }

    @Test
    void ourClientUnderstandsATlsStyleServer() {
        RandomSource r = RandomSource.deterministicForTesting(8);
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        byte[] share = client.encoded();
        assertThat(share).hasSize(1216);
        byte[] ek = Arrays.copyOfRange(share, 0, 1184);
        byte[] clientX = Arrays.copyOfRange(share, 1184, 1216);
        // TLS server: ct = ML-KEM.Encaps(ek), fresh X25519 key; key_exchange = ct || x25519
        SecretWithEncapsulation swe = new MLKEMGenerator(r.asSecureRandom())
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek));
        X25519KeyPairGenerator xg = new X25519KeyPairGenerator();
        xg.init(new X25519KeyGenerationParameters(r.asSecureRandom()));
        AsymmetricCipherKeyPair sx = xg.generateKeyPair();
        byte[] serverShare = concat(swe.getEncapsulation(), ((X25519PublicKeyParameters) sx.getPublic()).getEncoded());
        byte[] expected = concat(swe.getSecret(), x25519Agree((X25519PrivateKeyParameters) sx.getPrivate(), clientX));

        byte[] secret = client.deriveSecret(serverShare);
        assertThat(secret).isEqualTo(expected);
        assertThat(secret).isNotEqualTo(concat(Arrays.copyOfRange(expected, 32, 64), Arrays.copyOfRange(expected, 0, 32)));
        client.destroy();
        assertThat(client.isDestroyed()).isTrue();
        assertThatThrownBy(() -> client.deriveSecret(serverShare)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ourClientAndServerAgreeAndEachHalfMatters() {
        RandomSource r = RandomSource.deterministicForTesting(10);
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        HybridKeyShare.ServerKeyShare server = HybridKeyShare.respond(client.encoded(), r);
        byte[] serverShare = server.encoded();
        assertThat(client.deriveSecret(serverShare)).isEqualTo(server.secret());
        // a tampered ciphertext changes only the ML-KEM half (implicit rejection) ...
        byte[] badCt = serverShare.clone();
        badCt[100] ^= 1;
        byte[] s1 = client.deriveSecret(badCt);
        assertThat(Arrays.copyOfRange(s1, 0, 32)).isNotEqualTo(Arrays.copyOfRange(server.secret(), 0, 32));
        assertThat(Arrays.copyOfRange(s1, 32, 64)).isEqualTo(Arrays.copyOfRange(server.secret(), 32, 64));
        // ... and a different X25519 share changes only the X25519 half
        byte[] badX = serverShare.clone();
        badX[1100] ^= 1;
        byte[] s2 = client.deriveSecret(badX);
        assertThat(Arrays.copyOfRange(s2, 0, 32)).isEqualTo(Arrays.copyOfRange(server.secret(), 0, 32));
        assertThat(Arrays.copyOfRange(s2, 32, 64)).isNotEqualTo(Arrays.copyOfRange(server.secret(), 32, 64));
        client.destroy();
        server.destroy();
        assertThatThrownBy(server::secret).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverRejectsMalformedClientSharesBeforeSpendingRandomness() {
        HybridKeyShare.ClientKeyShare c = HybridKeyShare.generate(RandomSource.deterministicForTesting(9));
        for (int len : new int[] {0, 32, 1184, 1215, 1217, 2400}) {
            expectRejected(new byte[len], InvalidKeyShareException.Reason.WRONG_LENGTH, true);
        }
        byte[] unreduced = c.encoded();
        Arrays.fill(unreduced, 0, 384, (byte) 0xFF); // coefficients ≥ q
        expectRejected(unreduced, InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED, true);
        // Wycheproof's 112 non-reduced keys (SR-03), each with a valid X25519 share appended
        int rejected = 0;
        for (Wycheproof.Case k : Wycheproof.load("mlkem_768_encaps_test.json")) {
            byte[] ek = k.hex("ek");
            if (k.result().equals("invalid") && ek.length == MlKem768.EK_LENGTH) {
                expectRejected(concat(ek, Arrays.copyOfRange(c.encoded(), 1184, 1216)),
                        InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED, true);
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(112);
        c.destroy();
    }

    @Test
    void bothSidesRejectEveryWycheproofZeroSharedSecretPoint() { // SR-04
        RandomSource r = RandomSource.deterministicForTesting(11);
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        HybridKeyShare.ServerKeyShare server = HybridKeyShare.respond(client.encoded(), r);
        int points = 0;
        for (Wycheproof.Case x : Wycheproof.load("x25519_test.json")) {
            if (!x.hasFlag("ZeroSharedSecret")) {
                continue;
            }
            byte[] lowOrder = x.hex("public");
            byte[] clientShare = client.encoded();
            System.arraycopy(lowOrder, 0, clientShare, 1184, 32);
            expectRejected(clientShare, InvalidKeyShareException.Reason.X25519_ZERO_SHARED_SECRET, false);
            byte[] serverShare = server.encoded();
            System.arraycopy(lowOrder, 0, serverShare, 1088, 32);
            assertThatThrownBy(() -> client.deriveSecret(serverShare)).isInstanceOf(InvalidKeyShareException.class)
                    .extracting(e -> ((InvalidKeyShareException) e).reason())
                    .isEqualTo(InvalidKeyShareException.Reason.X25519_ZERO_SHARED_SECRET);
            points++;
        }
        assertThat(points).isEqualTo(31);
        client.destroy();
        server.destroy();
    }

    @Test
    void clientRejectsServerSharesOfTheWrongLength() { // SR-05
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(RandomSource.deterministicForTesting(12));
        for (int len : new int[] {0, 32, 1088, 1119, 1121, 1216}) {
            assertThatThrownBy(() -> client.deriveSecret(new byte[len])).isInstanceOf(InvalidKeyShareException.class)
                    .extracting(e -> ((InvalidKeyShareException) e).reason())
                    .isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
        }
        client.destroy();
    }

    @Test
    void randomnessOrderIsStable() {
        // generate: ML-KEM seed (64) then X25519 private key (32); respond: m (32) then X25519 private key (32).
        // The published handshake vectors depend on this order.
        MlKem768Test.CountingRandom r = new MlKem768Test.CountingRandom();
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        assertThat(r.drawn).isEqualTo(96);
        byte[] stream = new MlKem768Test.CountingRandom().nextBytes(96);
        assertThat(Arrays.copyOfRange(client.encoded(), 0, 1184))
                .isEqualTo(MlKem768.keyPairFromSeed(Arrays.copyOf(stream, 64)).encapsulationKey());
        assertThat(Arrays.copyOfRange(client.encoded(), 1184, 1216))
                .isEqualTo(X25519.publicKey(Arrays.copyOfRange(stream, 64, 96)));
        HybridKeyShare.respond(client.encoded(), r).destroy();
        assertThat(r.drawn).isEqualTo(160);
        client.destroy();
    }

    @Test
    void toStringsAreRedacted() {
        RandomSource r = RandomSource.deterministicForTesting(13);
        HybridKeyShare.ClientKeyShare client = HybridKeyShare.generate(r);
        HybridKeyShare.ServerKeyShare server = HybridKeyShare.respond(client.encoded(), r);
        assertThat(client.toString()).isEqualTo("ClientKeyShare[private keys redacted]");
        assertThat(server.toString()).isEqualTo("ServerKeyShare[secret redacted]");
        client.destroy();
        server.destroy();
        assertThat(client.toString()).contains("destroyed");
        assertThat(server.toString()).contains("destroyed");
    }

    private static void expectRejected(byte[] clientShare, InvalidKeyShareException.Reason reason,
            boolean beforeRandomness) {
        MlKem768Test.CountingRandom random = new MlKem768Test.CountingRandom();
        assertThatThrownBy(() -> HybridKeyShare.respond(clientShare, random))
                .isInstanceOf(InvalidKeyShareException.class)
                .extracting(e -> ((InvalidKeyShareException) e).reason()).isEqualTo(reason);
        if (beforeRandomness) {
            assertThat(random.drawn).as("rejected before drawing randomness (cheap checks first)").isZero();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
