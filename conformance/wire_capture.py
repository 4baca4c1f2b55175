#!/usr/bin/env python3
"""Conformance, part 2 (``wire``): the documented CopyCheckpoint request on the wire.

One loopback capture server answers 200 with the documented response. The documented
request (CBR API reference, CopyCheckpoint) is sent through the official SDK
(``CbrClient`` with ``BasicCredentials(ak, sk, project_id)`` and
``.with_endpoints(["http://127.0.0.1:PORT"])``) and once through ``huaweicloud-cbr``
(``tests/examples/conformance_client.rs``). The suite asserts, for the captured requests:

* one request each; same method, path and query; the same JSON body (compared as values,
  and equal to the documented body);
* the same set of signed headers (see ``SIGNED_HEADERS`` below for the one known,
  asserted difference);
* both signatures verify: each captured request is re-signed with the official signer from
  its own method, path, query, signed headers (with its ``X-Sdk-Date``) and body, and the
  result must equal the received ``Authorization``;
* both clients decode the documented response to the same value.

Differences that are allowed on the wire (body formatting, header values such as
``User-Agent``) are printed as notes. Run through ``cargo xtask conformance --suite wire``.
"""

from __future__ import annotations

import json
from typing import Any

import capture
import harness

SUITE = "wire"
RESPONSE_REQUEST_ID = "req-wire-0001"

# SIGNED_HEADERS: the official SDK sends no Accept header of its own (requests adds an
# unsigned `Accept: */*`); huaweicloud-cbr sends and signs `accept: application/json`. So:
#
# * `documented`: the official SDK as a user calls it. The Rust set must be exactly the
#   official set plus `accept` (and the official set must not contain it).
# * `documented+accept`: the official SDK with `Accept: application/json` added through
#   `copy_checkpoint_invoker(req).add_header(...)`, i.e. the same headers the crate sets.
#   The two sets must then be exactly equal, and so must the Accept values.
VARIANTS = ("documented", "documented+accept")
RUST_EXTRA_SIGNED = {"accept"}


def official_call(client, variant: str):
    request = capture.official_request(capture.DOCUMENTED_BODY)
    if variant == "documented":
        return lambda: client.copy_checkpoint(request)
    return lambda: client.copy_checkpoint_invoker(request).add_header("Accept", "application/json").invoke()


def respond(_request: capture.Captured) -> capture.Canned:
    body = json.dumps(capture.DOCUMENTED_RESPONSE, indent=2).encode()
    return capture.Canned(
        200,
        [("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", RESPONSE_REQUEST_ID)],
        body,
    )


def json_body(request: capture.Captured) -> tuple[Any, str | None]:
    try:
        return json.loads(request.body.decode("utf-8")), None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, f"body is not UTF-8 JSON: {e}: {request.body[:200]!r}"


def signed_set(request: capture.Captured) -> list[str] | None:
    values = request.header("Authorization")
    return capture.signed_header_names(values[0]) if len(values) == 1 else None


def compare(
    report: harness.Report,
    variant: str,
    official: list[capture.Captured],
    rust: list[capture.Captured],
    netloc: str,
) -> None:
    def check(name: str, differences: list[str]) -> None:
        report.record(f"{variant}: {name}", {"variant": variant, "check": name}, differences)

    check(
        "one request each",
        []
        if len(official) == 1 and len(rust) == 1
        else [f"the server received {len(official)} official and {len(rust)} Rust requests"],
    )
    if not official or not rust:
        return
    o, r = official[0], rust[0]
    for request, side in ((o, "official"), (r, "rust")):
        if request.error:
            check(f"{side} request readable", [request.error])
    check("method", [] if o.method == r.method else [f"official {o.method!r}, rust {r.method!r}"])
    check("path", [] if o.path == r.path else [f"official {o.path!r}, rust {r.path!r}"])
    check("query", [] if o.query == r.query else [f"official {o.query!r}, rust {r.query!r}"])

    o_body, o_error = json_body(o)
    r_body, r_error = json_body(r)
    differences = [e for e in (o_error, r_error) if e]
    if not differences:
        if o_body != r_body:
            differences.append(f"JSON bodies differ:\n  official {o_body!r}\n  rust     {r_body!r}")
        if o_body != capture.DOCUMENTED_BODY:
            differences.append(f"official body is not the documented body: {o_body!r}")
    check("JSON body (as values)", differences)

    o_signed, r_signed = signed_set(o), signed_set(r)
    differences = []
    if o_signed is None or r_signed is None:
        differences.append(f"no SignedHeaders: official {o.header('Authorization')}, rust {r.header('Authorization')}")
    elif variant == "documented":
        if RUST_EXTRA_SIGNED & set(o_signed):
            differences.append(f"the official SDK signed {sorted(RUST_EXTRA_SIGNED & set(o_signed))} on its own")
        if sorted(set(o_signed) | RUST_EXTRA_SIGNED) != sorted(r_signed):
            differences.append(
                f"expected rust = official + {sorted(RUST_EXTRA_SIGNED)}:\n"
                f"  official {';'.join(o_signed)}\n  rust     {';'.join(r_signed)}"
            )
        if r.header("Accept") != ["application/json"]:
            differences.append(f"rust Accept is {r.header('Accept')}, expected ['application/json']")
    else:
        if o_signed != r_signed:
            differences.append(f"signed headers differ:\n  official {';'.join(o_signed)}\n  rust     {';'.join(r_signed)}")
        if o.header("Accept") != r.header("Accept"):
            differences.append(f"Accept differs: official {o.header('Accept')}, rust {r.header('Accept')}")
    check("signed header set", differences)

    check("official signature verifies", capture.verify_signature(o, netloc))
    check("rust signature verifies", capture.verify_signature(r, netloc))

    if o_signed is not None and r_signed is not None:
        note_header_differences(report, variant, o, r, o_signed, r_signed)
    if o.body != r.body:
        report.notes.append(
            f"[{variant}] note: body bytes differ (same JSON value):\n"
            f"  official ({len(o.body)} bytes) {o.body.decode('utf-8', 'replace')}\n"
            f"  rust     ({len(r.body)} bytes) {r.body.decode('utf-8', 'replace')}"
        )


def note_header_differences(
    report: harness.Report,
    variant: str,
    o: capture.Captured,
    r: capture.Captured,
    o_signed: list[str],
    r_signed: list[str],
) -> None:
    """Signed headers whose values differ (other than the date), and unsigned headers."""
    lines = []
    for name in sorted(set(o_signed) | set(r_signed)):
        if name == "x-sdk-date":
            continue
        ov, rv = o.header(name), r.header(name)
        if ov != rv:
            by = "both" if name in o_signed and name in r_signed else ("official" if name in o_signed else "rust")
            lines.append(f"  {name} (signed by {by}): official {ov}, rust {rv}")
    for side, request, signed in (("official", o, o_signed), ("rust", r, r_signed)):
        unsigned = [f"{n}: {v}" for n, v in request.headers if n.lower() not in signed and n.lower() != "authorization"]
        lines.append(f"  unsigned ({side}): {unsigned}")
    report.notes.append(f"[{variant}] note: header values (not asserted):\n" + "\n".join(lines))


def run() -> int:
    args = capture.prepare(__doc__.split("\n\n")[0])
    report = harness.Report(SUITE)

    with capture.CaptureServer(respond) as server:
        # The crate, once (it is compared with both official variants).
        answers = capture.run_rust(
            args.driver,
            [capture.rust_call("rust", server.endpoint, capture.DOCUMENTED_PROJECT_ID, capture.DOCUMENTED_BODY)],
        )
        rust = server.take_log()
        answer = answers[0]
        expected = {"ok": True, "status": 200, "request_id": RESPONSE_REQUEST_ID, "body": capture.DOCUMENTED_RESPONSE}
        got = {k: answer.get(k) for k in expected}
        if isinstance(got["body"], dict):
            got["body"] = capture.drop_none(got["body"])
        report.record(
            "rust: decodes the documented response",
            {"answer": answer},
            [] if got == expected else [f"expected {expected!r}\n got      {got!r}"],
        )

        for variant in VARIANTS:
            client = capture.official_client(server.endpoint, capture.DOCUMENTED_PROJECT_ID)
            outcome = capture.official_outcome(official_call(client, variant))
            official = server.take_log()
            expected = {"ok": True, "status": 200, "body": capture.DOCUMENTED_RESPONSE}
            report.record(
                f"{variant}: official decodes the documented response",
                {"outcome": outcome},
                [] if outcome == expected else [f"expected {expected!r}\n got      {outcome!r}"],
            )
            compare(report, variant, official, rust, server.netloc)

    return report.print_summary(args.show)


if __name__ == "__main__":
    harness.main(run)
