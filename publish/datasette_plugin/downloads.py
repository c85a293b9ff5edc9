"""CSV downloads that open right in Excel: a UTF-8 byte order mark before every CSV Datasette sends.

Excel in a Chinese locale reads a CSV without a BOM as GBK and shows UTF-8 Chinese garbled; with the BOM it reads
UTF-8. Every .csv answer gets one (tables, views, SQL, canned queries, streamed or not); other software reading
CSV (Python's utf-8-sig, pandas, R) skips it.
"""

from datasette import hookimpl

BOM = b"\xef\xbb\xbf"
CSV_SUFFIX = ".csv"


def _csv_request(scope: dict) -> bool:
    return scope["type"] == "http" and scope.get("method", "GET") == "GET" and scope.get("path", "").endswith(
        CSV_SUFFIX)


def _longer_by(headers: list, extra: int) -> list:
    """Response headers with their Content-Length, if any, grown by extra bytes."""
    return [(name, str(int(value) + extra).encode("ascii") if name.lower() == b"content-length" else value)
            for name, value in headers]


@hookimpl(specname="asgi_wrapper")
def csv_with_bom(datasette):
    """Put a UTF-8 BOM before the body of every successful .csv response."""
    def wrap(app):
        async def with_bom(scope, receive, send):
            if not _csv_request(scope):
                await app(scope, receive, send)
                return
            pending = False

            async def send_with_bom(message):
                nonlocal pending
                if message["type"] == "http.response.start" and message["status"] == 200:
                    pending = True
                    message = {**message, "headers": _longer_by(list(message.get("headers", [])), len(BOM))}
                elif message["type"] == "http.response.body" and pending:
                    pending = False
                    message = {**message, "body": BOM + message.get("body", b"")}
                await send(message)

            await app(scope, receive, send_with_bom)
        return with_bom
    return wrap
