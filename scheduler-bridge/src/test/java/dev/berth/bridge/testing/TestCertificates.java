package dev.berth.bridge.testing;

import dev.berth.core.testing.Requirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made at test time with the openssl
 * CLI. Keys are EC P-256 in PKCS#8 PEM, as netty (jetcd) and etcd both read.
 */
public record TestCertificates(Path directory, Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey)
{
    public static TestCertificates create(Path directory)
    {
        Path openssl = Requirements.requireExecutable("openssl");
        try {
            Files.createDirectories(directory);
            Path ca = directory.resolve("ca.pem");
            Path caKey = directory.resolve("ca-key.pem");
            run(directory, openssl.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
            run(directory, openssl.toString(), "req", "-x509", "-new", "-key", caKey.toString(), "-subj", "/CN=berth-test-ca", "-days", "2",
                    "-out", ca.toString());
            Path serverCert = issue(directory, openssl, ca, caKey, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
            Path clientCert = issue(directory, openssl, ca, caKey, "client", "extendedKeyUsage=clientAuth\n");
            return new TestCertificates(directory, ca, serverCert, directory.resolve("server-key.pem"), clientCert,
                    directory.resolve("client-key.pem"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path issue(Path directory, Path openssl, Path ca, Path caKey, String name, String extensions)
            throws IOException
    {
        Path key = directory.resolve(name + "-key.pem");
        Path request = directory.resolve(name + ".csr");
        Path cert = directory.resolve(name + ".pem");
        Path ext = directory.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        run(directory, openssl.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        run(directory, openssl.toString(), "req", "-new", "-key", key.toString(), "-subj", "/CN=berth-" + name, "-out", request.toString());
        run(directory, openssl.toString(), "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return cert;
    }

    private static void run(Path directory, String... command)
            throws IOException
    {
        Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            String output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
