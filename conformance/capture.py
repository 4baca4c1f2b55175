"""Shared plumbing of the ``wire`` and ``errors`` suites.

* :class:`CaptureServer`: one loopback HTTP/1.1 server (``127.0.0.1``, ephemeral port) that
  records every request exactly as received (method, request target, header names and
  values in order, body bytes) and answers with a canned response chosen by a callback. It
  stops by itself after ``lifetime`` seconds even if the suite hangs, and every connection
  has a socket time-out.
* :func:`official_client` / :func:`official_request`: the official SDK's ``CbrClient``
  (``huaweicloudsdkcbr.v1``, the module that holds CopyCheckpoint's ``/v3`` path) set up as
  a user would: ``BasicCredentials(ak, sk, project_id)`` and
  ``.with_endpoints(["http://127.0.0.1:PORT"])``.
* :func:`verify_signature`: re-signs a captured request with the official signer
  (``huaweicloudsdkcore.signer.signer.Signer``) from the captured method, path, query,
  signed headers (with the received ``X-Sdk-Date``) and body, as a server would, and
  compares the result with the received ``Authorization``.
* :func:`run_rust`: runs ``tests/examples/conformance_client.rs`` over JSON lines.

The SDK modules are imported lazily, after :func:`harness.check_sdk`.
"""

from __future__ import annotations

import http.server
import os
import socketserver
import threading
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import parse_qsl

import harness

# The test credentials of the reference (fake).
AK = "HPUATESTAKEXAMPLE0001"
SK = "testSecretKeyExample0000000000000000000001"
# The documented example of the CBR API reference (CopyCheckpoint), also spec/cbr.yaml's.
DOCUMENTED_PROJECT_ID = "f841e01fd2b14e7fa41b6ae7aa6b0594"
DOCUMENTED_BODY: dict[str, Any] = {
    "replicate": {
        "auto_trigger": False,
        "destination_project_id": "68589cac08274b82b4e254268a3862d8",
        "destination_region": "region2",
        "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274",
        "enable_acceleration": False,
        "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce",
    }
}
DOCUMENTED_RESPONSE: dict[str, Any] = {
    "replication": {
        "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274",
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
        "source_region": "region1",
        "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        "destination_region": "region2",
        "destination_project_id": "68589cac08274b82b4e254268a3862d8",
        "backups": [
            {
                "replication_record_id": "de128dfa-5451-4905-9c11-8fc842b2f41e",
                "backup_id": "7558e1a3-7046-4787-95cd-14b0ad0642a8",
            },
            {
                "replication_record_id": "892a7d1e-17c8-4751-ad75-cfbed7051857",
                "backup_id": "6df2b54c-dd62-4059-a07c-1b8f24f2725d",
            },
            {
                "replication_record_id": "8bf5ce8f-bfa1-4d57-98de-d6159ab9d86d",
                "backup_id": "aa00034d-ef40-443d-ab7a-dc846d988cdf",
            },
        ],
        "project_id": "4229d7a45436489f8c3dc2b1d35d4987",
    }
}

#: Seconds allowed for one request (connect and read), on both sides.
REQUEST_TIMEOUT = 10


def loopback_only() -> None:
    """Keeps both clients off any proxy configured in the environment: loopback only.

    ``requests`` and ``reqwest`` both read ``*_PROXY``/``NO_PROXY``; the Rust driver
    inherits this process's environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"


def prepare(description: str) -> Any:
    """The start of a loopback suite: its command-line arguments parsed, the official SDK
    checked and loaded, proxies out of the way."""
    args = harness.argument_parser(description, default_cases=0).parse_args()
    harness.check_sdk()
    load_sdk()
    loopback_only()
    return args


# --------------------------------------------------------------------------------------
# The capture server
# --------------------------------------------------------------------------------------


@dataclass
class Captured:
    """One request as the server received it."""

    method: str
    target: str  # the request target, e.g. /v3/p/checkpoints/replicate?a=b
    headers: list[tuple[str, str]]  # names and values as received, in order (Latin-1 text)
    body: bytes
    error: str | None = None  # set when the request could not be read completely

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str | None:
        """The raw query string, or None without ``?``."""
        return self.target.split("?", 1)[1] if "?" in self.target else None

    def header(self, name: str) -> list[str]:
        return [v for n, v in self.headers if n.lower() == name.lower()]


@dataclass
class Canned:
    """A response: status, headers in order (names sent exactly as written), body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


Responder = Callable[[Captured], Canned]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as both clients use it
    timeout = REQUEST_TIMEOUT  # socket time-out of each connection
    server: "_Server"

    def _any(self) -> None:
        body = b""
        error = None
        try:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                body = self._read_chunked()
            else:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        except (OSError, ValueError) as e:
            error = f"could not read the body: {e}"
        request = Captured(self.command, self.path, list(self.headers.items()), body, error)
        with self.server.lock:
            self.server.log.append(request)
        try:
            canned = self.server.responder(request)
        except Exception as e:  # a bug in the suite: answer something recognisable
            canned = Canned(599, [("Content-Type", "text/plain")], f"responder failed: {e!r}".encode())
        self.send_response_only(canned.status)
        for name, value in canned.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(canned.body)))
        self.end_headers()
        self.wfile.write(canned.body)
        self.wfile.flush()

    def _read_chunked(self) -> bytes:
        out = b""
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return out
            out += self.rfile.read(size)
            self.rfile.readline()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _any

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    log: list[Captured]
    lock: threading.Lock
    responder: Responder


class CaptureServer:
    """A loopback capture server; use as a context manager.

    It stops when the ``with`` block ends, or by itself after ``lifetime`` seconds."""

    def __init__(self, responder: Responder, lifetime: float = 600):
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.log = []
        self._server.lock = threading.Lock()
        self._server.responder = responder
        self._lifetime = lifetime
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._watchdog = threading.Timer(lifetime, self._expire)
        self._watchdog.daemon = True
        self.expired = False

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def netloc(self) -> str:
        return self.endpoint.split("://", 1)[1]

    def take_log(self) -> list[Captured]:
        """Every request received since the last call, in arrival order."""
        with self._server.lock:
            log, self._server.log = self._server.log, []
        return log

    def _expire(self) -> None:
        self.expired = True
        self._server.shutdown()

    def __enter__(self) -> "CaptureServer":
        self._thread.start()
        self._watchdog.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._watchdog.cancel()
        if not self.expired:
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self.expired:
            raise harness.HarnessError(f"the capture server stopped itself after {self._lifetime}s")


# --------------------------------------------------------------------------------------
# The official SDK
# --------------------------------------------------------------------------------------


def load_sdk() -> None:
    """Imports every SDK module the suites use, after :func:`harness.check_sdk`.

    An SDK that cannot be imported means the comparison cannot run (exit 2), not a
    mismatch. (Importing ``huaweicloudsdkcbr`` writes ``$HOME/.huaweicloud/application_id``;
    ``cargo xtask conformance`` points ``HOME`` inside the virtualenv.)"""
    try:
        import huaweicloudsdkcbr.v1  # noqa: F401
        import huaweicloudsdkcore.auth.credentials  # noqa: F401
        import huaweicloudsdkcore.exceptions.exceptions  # noqa: F401
        import huaweicloudsdkcore.http.http_config  # noqa: F401
        import huaweicloudsdkcore.sdk_request  # noqa: F401
        import huaweicloudsdkcore.signer.signer  # noqa: F401
    except Exception as e:
        raise harness.HarnessError(f"the official SDK cannot be imported: {type(e).__name__}: {e}") from e


def official_client(endpoint: str, project_id: str, retry_times: int = 0):
    """``CbrClient`` as a user builds it, with bounded time-outs (connect, read)."""
    from huaweicloudsdkcbr.v1 import CbrClient
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig

    config = HttpConfig.get_default_config()
    config.timeout = (REQUEST_TIMEOUT, REQUEST_TIMEOUT)
    config.retry_times = retry_times
    return (
        CbrClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, project_id))
        .with_endpoints([endpoint])
        .build()
    )


def official_request(body: dict[str, Any]):
    """``CopyCheckpointRequest`` built from the models (not from a raw dict)."""
    from huaweicloudsdkcbr.v1 import CheckpointReplicateParam, CheckpointReplicateReq, CopyCheckpointRequest

    return CopyCheckpointRequest(body=CheckpointReplicateReq(replicate=CheckpointReplicateParam(**body["replicate"])))


def official_outcome(call: Callable[[], Any]) -> dict[str, Any]:
    """Runs an official call and describes its outcome with plain values."""
    from huaweicloudsdkcore.exceptions.exceptions import ServiceResponseException

    try:
        response = call()
    except ServiceResponseException as e:
        return {
            "ok": False,
            "exception": type(e).__name__,
            "status": e.status_code,
            "request_id": e.request_id,
            "error_code": e.error_code,
            "error_msg": e.error_msg,
            "encoded_authorization_message": e.encoded_auth_msg,
        }
    except Exception as e:  # transport errors: reported, compared as a mismatch
        return {"ok": False, "exception": type(e).__name__, "error": str(e)}
    return {"ok": True, "status": response.status_code, "body": drop_none(response.to_dict())}


def drop_none(value: Any) -> Any:
    """The value without ``None`` members (the SDK's ``to_dict`` lists unset attributes)."""
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


# --------------------------------------------------------------------------------------
# Signature verification
# --------------------------------------------------------------------------------------


def signed_header_names(authorization: str) -> list[str] | None:
    """The ``SignedHeaders`` list of an ``SDK-HMAC-SHA256`` Authorization, or None."""
    if not authorization.startswith("SDK-HMAC-SHA256 "):
        return None
    for part in authorization[len("SDK-HMAC-SHA256 ") :].split(", "):
        if part.startswith("SignedHeaders="):
            value = part[len("SignedHeaders=") :]
            return value.split(";") if value else []
    return None


def verify_signature(request: Captured, netloc: str) -> list[str]:
    """Re-signs ``request`` with the official signer; returns the problems (empty: valid).

    Like a server: the signer gets the received method, path and parsed query, exactly the
    headers listed in ``SignedHeaders`` (received names and values, so the received
    ``X-Sdk-Date`` pins the time) and the received body bytes."""
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    authorization = request.header("Authorization")
    if len(authorization) != 1:
        return [f"expected one Authorization header, received {len(authorization)}"]
    names = signed_header_names(authorization[0])
    if names is None:
        return [f"Authorization is not SDK-HMAC-SHA256 with SignedHeaders: {authorization[0]!r}"]
    problems = []
    headers: dict[str, str] = {}
    for name in names:
        received = [(n, v) for n, v in request.headers if n.lower() == name]
        if len(received) != 1:
            problems.append(f"signed header {name!r} was received {len(received)} times")
            continue
        headers[received[0][0]] = received[0][1]
    if "x-sdk-date" not in names:
        problems.append("X-Sdk-Date is not signed")
    if problems:
        return problems
    query = parse_qsl(request.query or "", keep_blank_values=True)
    sdk_request = SdkRequest(
        method=request.method,
        schema="http",
        host=netloc,
        resource_path=request.path,
        query_params=query,
        header_params=dict(headers),
        body=request.body,
    )
    try:
        Signer(_Keys(AK, SK)).sign(sdk_request)
    except Exception as e:
        return [f"the official signer rejected the captured request: {type(e).__name__}: {e}"]
    expected = sdk_request.header_params["Authorization"]
    if expected != authorization[0]:
        return [f"signature does not verify:\n  received   {authorization[0]}\n  recomputed {expected}"]
    return []


@dataclass
class _Keys:
    ak: str
    sk: str


# --------------------------------------------------------------------------------------
# The Rust driver
# --------------------------------------------------------------------------------------


def rust_call(case_id: str, endpoint: str, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": case_id,
        "endpoint": endpoint,
        "ak": AK,
        "sk": SK,
        "project_id": project_id,
        "body": body,
        "timeout_secs": REQUEST_TIMEOUT,
    }


def run_rust(driver: str, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs the driver over ``calls``; bounded by the per-request time-out."""
    return harness.run_driver([driver], calls, timeout=30 + 2 * REQUEST_TIMEOUT * len(calls))
