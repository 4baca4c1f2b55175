#!/usr/bin/env python3
"""Conformance, part 3 (``errors``): error responses through both clients.

One loopback capture server replays the error scenarios of the reference's observed outcome
table (``official-sdk.md`` §4). Each scenario is routed by the project ID in the path (the
scenario name), and CopyCheckpoint is called once through the official SDK (``CbrClient``,
``BasicCredentials(ak, sk, project_id)``, ``.with_endpoints([...])``) and once through
``huaweicloud-cbr`` (``tests/examples/conformance_client.rs``, JSON answers).

For every scenario the suite asserts:

* the official SDK still gives the documented outcome (exception class, status, request
  ID, error code, message), which proves the scenario is replayed as documented;
* the crate gives a service error, client-side exactly when the SDK raises
  ``ClientRequestException``, with the same status, request ID, error code (a numeric
  code such as 6302 compared as its text "6302"), message and
  ``encoded_authorization_message``;
* the server received the same number of requests from both, the documented number (one:
  the 429 is not retried, even with the SDK's ``retry_times=2``);
* every captured request carries a valid signature (re-signed with the official signer).

Run through ``cargo xtask conformance --suite errors``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import capture
import harness

SUITE = "errors"
JSON = ("Content-Type", "application/json")


@dataclass
class Scenario:
    name: str  # also the project ID, so the path routes to it
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    # The official outcome documented in official-sdk.md §4 (observed table).
    exception: str
    request_id: str | None
    error_code: Any
    error_msg: str
    requests: int = 1
    retry_times: int = 0  # the official client's HttpConfig.retry_times


def js(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


CLIENT = "ClientRequestException"
SERVER = "ServerResponseException"
HTML_500 = "<html><body><h1>500 Internal Server Error</h1></body></html>"

SCENARIOS = [
    Scenario(
        "400_json_error_code", 400, [JSON, ("X-Request-Id", "req-400-6302-0001")],
        js({"error_code": "BackupService.6302", "error_msg": "The destination vault does not exist or is unavailable."}),
        CLIENT, "req-400-6302-0001", "BackupService.6302", "The destination vault does not exist or is unavailable.",
    ),
    Scenario(
        "500_non_json", 500, [("Content-Type", "text/html"), ("X-Request-Id", "req-500-text-0001")],
        HTML_500.encode(), SERVER, "req-500-text-0001", "500", HTML_500,
    ),
    Scenario(
        "500_non_json_no_request_id", 500, [("Content-Type", "text/plain")],
        b"upstream exploded", SERVER, None, "500", "upstream exploded",
    ),
    Scenario("502_empty_body", 502, [], b"", SERVER, None, "502", ""),
    Scenario(
        "401_code_message_lowercase_request_id", 401, [JSON, ("x-request-id", "req-401-apigw")],
        js({"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}),
        CLIENT, "req-401-apigw", "APIGW.0301", "Incorrect IAM authentication information",
    ),
    Scenario(
        "403_nested_error_object", 403, [JSON, ("X-Request-Id", "req-403-nested")],
        js({"error": {"code": "CBR.0403", "message": "Forbidden by policy"}}),
        CLIENT, "req-403-nested", "CBR.0403", "Forbidden by policy",
    ),
    Scenario(
        "403_encoded_authorization_message", 403, [JSON, ("X-Request-Id", "req-403-enc")],
        js({"error_code": "IAM.0002", "error_msg": "Unauthorized",
            "encoded_authorization_message": "ZW5jb2RlZC1kZW55LXJlYXNvbg"}),
        CLIENT, "req-403-enc", "IAM.0002", "Unauthorized",
    ),
    Scenario(
        "400_camel_case_errorCode", 400, [JSON], js({"errorCode": "X.1", "errorMsg": "camel"}),
        CLIENT, None, "X.1", "camel",
    ),
    Scenario(
        "404_only_error_msg", 404, [JSON], b'{"error_msg":"no error_code here"}',
        CLIENT, None, "404", '{"error_msg":"no error_code here"}',
    ),
    Scenario(
        "400_numeric_error_code", 400, [JSON], js({"error_code": 6302, "error_msg": "numeric code"}),
        CLIENT, None, 6302, "numeric code",
    ),
    Scenario(
        "400_json_array_body", 400, [JSON], b'["not","an","object"]',
        CLIENT, None, "400", '["not","an","object"]',
    ),
    Scenario(
        "429_post_not_retried", 429, [JSON, ("X-Request-Id", "req-429"), ("Retry-After", "1")],
        js({"error_code": "CBR.0429", "error_msg": "Too many requests"}),
        CLIENT, "req-429", "CBR.0429", "Too many requests", requests=1, retry_times=2,
    ),
]
BY_NAME = {s.name: s for s in SCENARIOS}


def scenario_of(request: capture.Captured) -> str | None:
    """The project ID segment of ``/v3/{project_id}/checkpoints/replicate``."""
    parts = request.path.split("/")
    return parts[2] if len(parts) == 5 and parts[1] == "v3" and parts[3:] == ["checkpoints", "replicate"] else None


def respond(request: capture.Captured) -> capture.Canned:
    scenario = BY_NAME.get(scenario_of(request) or "")
    if scenario is None:
        return capture.Canned(418, [("Content-Type", "text/plain")], f"no scenario for {request.target}".encode())
    return capture.Canned(scenario.status, scenario.headers, scenario.body)


def text(value: Any) -> Any:
    """The error code as text: the SDK keeps a numeric code as an int, the crate as its text."""
    return value if value is None or isinstance(value, str) else json.dumps(value)


def compare(
    scenario: Scenario,
    official: dict[str, Any],
    rust: dict[str, Any],
    official_requests: list[capture.Captured],
    rust_requests: list[capture.Captured],
    netloc: str,
) -> list[str]:
    differences = []
    documented = {
        "ok": False,
        "exception": scenario.exception,
        "status": scenario.status,
        "request_id": scenario.request_id,
        "error_code": scenario.error_code,
        "error_msg": scenario.error_msg,
    }
    got = {k: official.get(k) for k in documented}
    if got != documented:
        differences.append(f"the official SDK no longer gives the documented outcome:\n  documented {documented!r}\n  got        {got!r}")

    if rust.get("kind") != "service error":
        differences.append(f"rust: expected a service error, got {rust.get('kind')!r}: {rust.get('error')!r}")
    if "exception" in official:
        client_side = official["exception"] == CLIENT
        if rust.get("client_error") is not client_side:
            differences.append(f"rust client_error is {rust.get('client_error')!r}, the SDK raised {official['exception']}")
    for key in ("status", "request_id", "error_code", "error_msg", "encoded_authorization_message"):
        o = text(official.get(key)) if key == "error_code" else official.get(key)
        if o != rust.get(key):
            differences.append(f"{key}: official {o!r}, rust {rust.get(key)!r}")

    counts = (len(official_requests), len(rust_requests))
    if counts != (scenario.requests, scenario.requests):
        differences.append(
            f"requests received: official {counts[0]}, rust {counts[1]}, documented {scenario.requests}"
        )
    for side, requests in (("official", official_requests), ("rust", rust_requests)):
        for n, request in enumerate(requests, 1):
            for problem in capture.verify_signature(request, netloc):
                differences.append(f"{side} request {n}: {problem}")
    return differences


def run() -> int:
    args = capture.prepare(__doc__.split("\n\n")[0])
    report = harness.Report(SUITE)

    with capture.CaptureServer(respond) as server:
        calls = [capture.rust_call(s.name, server.endpoint, s.name, capture.DOCUMENTED_BODY) for s in SCENARIOS]
        rust_answers = {a["id"]: a for a in capture.run_rust(args.driver, calls)}
        rust_log = server.take_log()

        official_answers = {}
        official_log = []
        for scenario in SCENARIOS:
            client = capture.official_client(server.endpoint, scenario.name, retry_times=scenario.retry_times)
            request = capture.official_request(capture.DOCUMENTED_BODY)
            official_answers[scenario.name] = capture.official_outcome(lambda: client.copy_checkpoint(request))
            official_log += server.take_log()

    stray = [r.target for r in official_log + rust_log if scenario_of(r) not in BY_NAME]
    if stray:
        report.record("unexpected requests", {"targets": stray}, [f"requests outside every scenario: {stray}"])
    for scenario in SCENARIOS:
        report.record(
            scenario.name,
            {"status": scenario.status, "headers": scenario.headers, "body": scenario.body.decode("utf-8", "replace")},
            compare(
                scenario,
                official_answers[scenario.name],
                rust_answers[scenario.name],
                [r for r in official_log if scenario_of(r) == scenario.name],
                [r for r in rust_log if scenario_of(r) == scenario.name],
                server.netloc,
            ),
        )
    return report.print_summary(args.show)


if __name__ == "__main__":
    harness.main(run)
