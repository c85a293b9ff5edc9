"""The demo's ports: Datasette's checked free before anything starts, the portals' kept from one run to the next.

The archive knows a report by its URL, port included: portals on new ports each run would add every report's
sources again, on ports nothing answers any more. The ports the portals were first given are recorded beside
the archive and asked for again.
"""

import json
import socket
from pathlib import Path

PORTS_FILE = "demo-ports.json"
LOOPBACK = "127.0.0.1"


class PortTaken(Exception):
    """A port the demo must listen on is in use."""


def port_in_use(port: int, host: str = LOOPBACK) -> bool:
    """True when nothing could listen on host:port now (as servers bind it: TIME_WAIT left by a past run is free)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def recorded_ports(directory: Path) -> dict[str, int]:
    """The port of each demo portal that an earlier run recorded in the directory, or none."""
    path = directory / PORTS_FILE
    if not path.is_file():
        return {}
    try:
        ports = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return {name: port for name, port in ports.items() if isinstance(port, int)} if isinstance(ports, dict) else {}


def portal_ports(directory: Path, portals: list[str], first_port: int) -> dict[str, int]:
    """Ports per portal: consecutive from first_port when given, else those recorded (empty: free ones)."""
    if first_port:
        return {portal: first_port + offset for offset, portal in enumerate(portals)}
    return recorded_ports(directory)


def check_free(ports: dict[str, int], why: str) -> None:
    """Raise PortTaken naming the first port in use and whose it is."""
    for name, port in ports.items():
        if port and port_in_use(port):
            raise PortTaken(f"port {port} ({name}) is in use: {why}")


def record_ports(directory: Path, ports: dict[str, int]) -> None:
    """Keep the portals' ports for the next run."""
    (directory / PORTS_FILE).write_text(json.dumps(ports, indent=1, sort_keys=True) + "\n", encoding="utf-8")
