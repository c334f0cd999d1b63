package dev.sferum.sdk.core;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Which certificate authorities the SDK's own HTTP client trusts for TLS, for any host it talks to
 * ({@link ClientConfig.Builder#trust}). MAX asks clients to trust the root CA of the Russian Ministry of Digital
 * Development (Минцифры), which the JDK's own trust store may lack; give its certificate here as a PEM file or
 * inside a PKCS12 trust store. The same applies to a school's own proxy with a private CA.
 *
 * <pre>{@code
 * ClientConfig config = MaxChats.defaultConfig().toBuilder()
 *         .trust(ServerTrust.pem(Path.of("/etc/school-bot/russian_trusted_root_ca.pem")))
 *         .build();
 * }</pre>
 *
 * <p>By default the given certificates are trusted <em>in addition to</em> the JDK's default authorities, so a
 * host with a certificate from a common CA keeps working; {@link #withoutJdkDefaults()} trusts only the given ones
 * (pinning). There is deliberately no way to switch certificate checks off: every connection is verified against
 * real anchors, and the host name is always checked.
 *
 * <p>Files are read when the value is created, so a missing or broken file fails at configuration time, not on the
 * first call. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ServerTrust {
    private static final ServerTrust JDK_DEFAULTS = new ServerTrust(List.of(), true, "JDK default authorities");

    private final List<X509Certificate> anchors;
    private final boolean jdkDefaults;
    private final String source;

    private ServerTrust(List<X509Certificate> anchors, boolean jdkDefaults, String source) {
        this.anchors = List.copyOf(anchors);
        this.jdkDefaults = jdkDefaults;
        this.source = source;
    }

    /**
     * The JDK's default certificate authorities only (the default).
     *
     * @return the trust
     */
    public static ServerTrust jdkDefaults() {
        return JDK_DEFAULTS;
    }

    /**
     * The JDK's default authorities plus every X.509 certificate in a PEM file (one or more
     * {@code -----BEGIN CERTIFICATE-----} blocks), such as the Минцифры root and intermediate CAs.
     *
     * @param file the PEM file
     * @return the trust
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no certificate or cannot be parsed
     */
    public static ServerTrust pem(Path file) {
        Objects.requireNonNull(file, "file");
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : read) {
                if (c instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PEM trust file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust file " + file + " is not a PEM file of X.509 certificates ("
                    + e.getMessage() + "); export the CA certificate as PEM (-----BEGIN CERTIFICATE-----)", e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("the trust file " + file + " holds no X.509 certificate; give the PEM file of the "
                    + "CA to trust (-----BEGIN CERTIFICATE-----)");
        }
        return new ServerTrust(certs, true, certs.size() + " from " + file.getFileName());
    }

    /**
     * The JDK's default authorities plus every certificate in a PKCS12 trust store.
     *
     * @param file the {@code .p12} / {@code .pfx} file
     * @param password its password; use {@code Secret.of(...)} so it never shows in a log
     * @return the trust
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the password is wrong, the file is not PKCS12 or holds no certificate
     */
    public static ServerTrust pkcs12(Path file, Secret password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        List<X509Certificate> certs = new ArrayList<>();
        char[] pw = password.reveal().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, pw);
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException("cannot open the PKCS12 trust store " + file + ": wrong password?", e);
            }
            throw new UncheckedIOException("cannot read the PKCS12 trust store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust store " + file + " is not a readable PKCS12 file (" + e.getMessage() + ")", e);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("the PKCS12 trust store " + file + " holds no certificate; import the CA with "
                    + "keytool -importcert -storetype PKCS12");
        }
        return new ServerTrust(certs, true, certs.size() + " from " + file.getFileName());
    }

    /**
     * Trusts only the certificates given, not the JDK's default authorities: pins the hosts to, say, the Минцифры CA.
     *
     * @return the pinned trust
     * @throws IllegalStateException on {@link #jdkDefaults()}, which has nothing to pin to
     */
    public ServerTrust withoutJdkDefaults() {
        if (anchors.isEmpty()) {
            throw new IllegalStateException("the JDK defaults alone cannot be used without the JDK defaults; give a PEM file or "
                    + "PKCS12 store with ServerTrust.pem(...) or ServerTrust.pkcs12(...)");
        }
        return new ServerTrust(anchors, false, source);
    }

    /** {@return whether this is the JDK's default trust and nothing else} */
    public boolean isJdkDefault() {
        return anchors.isEmpty() && jdkDefaults;
    }

    /** {@return the certificates added to (or replacing) the JDK's authorities; unmodifiable} */
    public List<X509Certificate> certificates() {
        return anchors;
    }

    /** {@return whether the JDK's default authorities are trusted as well} */
    public boolean includesJdkDefaults() {
        return jdkDefaults;
    }

    /**
     * Builds the TLS context that verifies servers against these authorities.
     *
     * @return a new SSL context
     * @throws IllegalStateException if the JDK cannot build one (no TLS provider)
     */
    public SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            if (jdkDefaults) {
                for (X509Certificate c : defaultIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, c);
                }
            }
            for (X509Certificate c : anchors) {
                store.setCertificateEntry("max-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from the trusted certificates: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> defaultIssuers() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                out.addAll(List.of(x.getAcceptedIssuers()));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerTrust t && t.anchors.equals(anchors) && t.jdkDefaults == jdkDefaults;
    }

    @Override
    public int hashCode() {
        return anchors.hashCode() * 31 + Boolean.hashCode(jdkDefaults);
    }

    /** {@return a description such as {@code ServerTrust[JDK defaults + 1 from russian_trusted_root_ca.pem]}} */
    @Override
    public String toString() {
        if (isJdkDefault()) {
            return "ServerTrust[" + source + "]";
        }
        return "ServerTrust[" + (jdkDefaults ? "JDK defaults + " : "only ") + source + "]";
    }
}
