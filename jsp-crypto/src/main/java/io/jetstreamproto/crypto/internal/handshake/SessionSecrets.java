package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.protection.TrafficSecret;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import javax.security.auth.Destroyable;

/**
 * Secrets a handshake hands to the record layer: traffic secrets for each direction and the exporter secret.
 * Ownership moves to whoever takes them; {@link #destroy()} wipes all three.
 *
 * @param client   client-to-server traffic secret
 * @param server   server-to-client traffic secret
 * @param exporter exporter secret (channel binding, re-handshake PSK); null for handshake-level secrets
 */
public record SessionSecrets(TrafficSecret client, TrafficSecret server, SecretBytes exporter) implements Destroyable {
    @Override
    public void destroy() {
        client.destroy();
        server.destroy();
        if (exporter != null) {
            exporter.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return client.isDestroyed() && server.isDestroyed() && (exporter == null || exporter.isDestroyed());
    }

    @Override
    public String toString() {
        return "SessionSecrets[redacted]";
    }
}
