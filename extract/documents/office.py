"""DOC and WPS files turned into DOCX by headless LibreOffice, each process with a profile of its own."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from nianbao.extract.documents.layout import UnreadableDocument

SOFFICE_NAMES = ("soffice", "libreoffice")
CONVERT_SECONDS = 120
# Two LibreOffice processes sharing a profile block each other; a crawl runs several.
_PROFILE = Path(tempfile.gettempdir()) / f"nianbao-libreoffice-{os.getpid()}"


def soffice() -> str | None:
    """The LibreOffice binary on PATH, if installed."""
    return next(filter(None, map(shutil.which, SOFFICE_NAMES)), None)


def to_docx(body: bytes, suffix: str) -> bytes:
    """The DOCX LibreOffice writes for a DOC or WPS file."""
    binary = soffice()
    if binary is None:
        raise UnreadableDocument(f"{suffix} files need LibreOffice (soffice), which is not installed")
    with tempfile.TemporaryDirectory(prefix="nianbao-convert-") as folder:
        source = Path(folder) / f"report{suffix}"
        source.write_bytes(body)
        command = [binary, f"-env:UserInstallation={_PROFILE.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=True)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument(f"LibreOffice took over {CONVERT_SECONDS}s converting a {suffix} file") from exc
        except subprocess.CalledProcessError as exc:
            raise UnreadableDocument(f"LibreOffice failed on a {suffix} file: {exc.stderr.decode(errors='replace')}") \
                from exc
        converted = source.with_suffix(".docx")
        if not converted.exists():
            raise UnreadableDocument(f"LibreOffice could not read the {suffix} file")
        return converted.read_bytes()
