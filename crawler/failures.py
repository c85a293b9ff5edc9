"""Why a request failed, in words an operator can act on, from Scrapy's download exceptions."""

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.redirects import RedirectLoop

# Twisted failures inside DownloadFailedError print as "<twisted.python.failure.Failure module.Class: message>".
_TWISTED_FAILURE = re.compile(r"<twisted\.python\.failure\.Failure [\w.]*?(\w+): ([^>]*)>")
_REQUEST_REPR = re.compile(r"\s*in request <[^>]*>\.?$")


def failure_reason(error: BaseException) -> str:
    """One line: what went wrong, the kind first (HTTP, timeout, truncated, too large, connection, redirect)."""
    text = _REQUEST_REPR.sub("", str(error))
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, DownloadTimeoutError):
        return f"timeout: {text}"
    if isinstance(error, ResponseDataLossError):
        return "truncated: the connection closed before the body its Content-Length announced"
    if isinstance(error, DownloadCancelledError):
        return f"too large: {text or 'the body grew past the download size cap (NIANBAO_MAX_BYTES)'}"
    if isinstance(error, DownloadFailedError):
        causes = "; ".join(f"{kind}: {message}" for kind, message in _TWISTED_FAILURE.findall(text)) or text
        return f"connection failed: {causes}"
    if isinstance(error, DownloadConnectionRefusedError | CannotResolveHostError):
        return f"network: {text}"
    if isinstance(error, RedirectLoop):
        return str(error)
    if isinstance(error, IgnoreRequest):
        return f"not fetched: {text}"
    return f"{type(error).__name__}: {text}"
