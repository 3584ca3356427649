package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One GET that answers "did it return 200": the readiness checks of the harness (like a kubelet's
 * probes). HTTPS either trusts the cluster CA or, for binaries that sign their own serving cert (OCM
 * writes a self-signed "localhost" cert when none is mounted), anything.
 */
final class HttpProbe {
    private static final int TIMEOUT_MILLIS = 2000;

    private final SSLSocketFactory sockets;
    private final boolean verifyHostname;

    private HttpProbe(SSLSocketFactory sockets, boolean verifyHostname) {
        this.sockets = sockets;
        this.verifyHostname = verifyHostname;
    }

    static HttpProbe trustingCa(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new HttpProbe(context.getSocketFactory(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caCert, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caCert, e);
        }
    }

    static HttpProbe trustingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return new HttpProbe(context.getSocketFactory(), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code url} answers 200 (http or https). */
    boolean ok(String url) {
        return status(url) == 200;
    }

    /**
     * True when {@code url} answers at all, whatever the status: a TLS server that completes a handshake.
     * (A bare TCP connect would make Go servers log "TLS handshake error ... EOF" for every probe.)
     */
    boolean answers(String url) {
        return status(url) > 0;
    }

    private int status(String url) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sockets);
                if (!verifyHostname) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } catch (IOException e) {
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
