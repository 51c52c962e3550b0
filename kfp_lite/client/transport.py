"""HTTP to a Kubeflow Pipelines API server, with the standard library only.

One job: turn (method, path, query, JSON body or file) into a request with the client's
authentication, and the reply into a dict, raising :class:`ClientError` with a one-line
reason for anything that is not a 2xx JSON answer.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

API_PREFIX = "/apis/v2beta1"


class ClientError(Exception):
    """The server could not be reached, refused the request, or answered with no JSON."""

    def __init__(self, message: str, *, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Transport:
    """Where the server is and how to authenticate; each call is one HTTP request."""

    host: str
    token: Optional[str] = None
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Optional[str] = None
    verify_ssl: bool = True
    ssl_ca_cert: Optional[str] = None
    proxy: Optional[str] = None
    timeout: float = 60.0

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, Any]] = (),
        body: Any = None,
        upload: Optional[tuple[str, bytes]] = None,
    ) -> dict:
        """Send one request below ``/apis/v2beta1``; return the decoded JSON object."""
        url = self.host.rstrip("/") + API_PREFIX + path
        pairs = [(k, _query_text(v)) for k, v in query if v is not None and v != ""]
        if pairs:
            url += "?" + urllib.parse.urlencode(pairs)
        headers = {"Accept": "application/json", **dict(self.headers)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            headers["Cookie"] = self.cookies
        data: Optional[bytes] = None
        if upload is not None:
            data, headers["Content-Type"] = _multipart("uploadfile", *upload)
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        return self._send(request, f"{method} {url}")

    def _send(self, request: urllib.request.Request, what: str) -> dict:
        try:
            with self._opener().open(request, timeout=self.timeout) as reply:
                raw = reply.read()
        except urllib.error.HTTPError as exc:
            raise ClientError(
                f"{what}: the server refused the request: HTTP {exc.code} {exc.reason}"
                f"{_server_message(exc)}",
                status=exc.code,
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ClientError(
                f"cannot reach the Kubeflow Pipelines API at {self.host}: {reason}"
            ) from None
        if not raw.strip():
            return {}
        try:
            decoded = json.loads(raw)
        except ValueError:
            raise ClientError(f"{what}: the server's answer is not JSON: {raw[:120]!r}") from None
        if not isinstance(decoded, dict):
            raise ClientError(f"{what}: expected a JSON object, got {type(decoded).__name__}")
        return decoded

    def _opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.host.startswith("https"):
            context = ssl.create_default_context(cafile=self.ssl_ca_cert)
            if not self.verify_ssl:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        if self.proxy:
            handlers.append(urllib.request.ProxyHandler({"http": self.proxy, "https": self.proxy}))
        return urllib.request.build_opener(*handlers)


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _server_message(exc: urllib.error.HTTPError) -> str:
    """The ``message`` of the server's google.rpc.Status reply, when it sent one."""
    try:
        payload = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        return ""
    message = payload.get("message") or payload.get("error") if isinstance(payload, dict) else None
    return f": {message}" if message else ""


def _multipart(field_name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )
