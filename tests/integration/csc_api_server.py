#!/usr/bin/env python3
"""A small stand-in for DfE's CSC API, for the integration tests only.

It listens on 127.0.0.1 over HTTPS (a certificate made by the test) and
implements the documented behaviour: an OAuth2 client-credentials token
endpoint (POST /token), and POST /children_social_care_data/{la}/children,
which needs "Authorization: Bearer <current token>" and the SupplierKey
header and takes a JSON array of at most 100 records.  It answers 200 with
a receipt, 401 for a stale or expired token (its life is the control's
expires_in, default 3600 s), 413 for too many records, and, as the
control file (JSON, re-read on every request) asks: 429 with Retry-After,
500 after a number of batches, 400 naming the indexes of given children
("[2]"), receipts as one uuid or one per record, and a delay before each
answer (delay_ms).  Every record it
accepts is appended to the log as a JSON line {"id", "purge", "record"};
LOG.tokens counts the tokens issued, LOG.expired the requests refused for an
expired token, LOG.connections the client connections (address and port)
that have made a request.

usage: csc_api_server.py CERT KEY CONTROL LOG PORTFILE
"""
import json
import ssl
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CERT, KEY, CONTROL, LOG, PORTFILE = sys.argv[1:6]
STATE = {"token": None, "token_expires": 0.0, "tokens": 0, "posts": 0, "accepted_batches": 0, "once": set(),
         "connections": set(), "expired": 0}


def control():
    """The control file; when it changes, its counters start again."""
    try:
        with open(CONTROL) as f:
            text = f.read()
    except OSError:
        text = "{}"
    if text != STATE.get("control_text"):
        STATE.update(control_text=text, accepted_batches=0, once=set())
    try:
        return json.loads(text)
    except ValueError:
        return {}


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1: a client may keep its connection open between requests, as
    # DfE's gateway allows (every reply has a Content-Length, and every body
    # is read before the reply).
    protocol_version = "HTTP/1.1"
    # The status line and headers go out before the body, in two writes:
    # with Nagle's algorithm the body would wait for the client's delayed
    # acknowledgement (40 ms a request), which no real gateway adds.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=None, headers=()):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def do_POST(self):
        c = control()
        raw = self.body()
        STATE["connections"].add(self.client_address)
        with open(LOG + ".connections", "w") as f:
            f.write(str(len(STATE["connections"])))
        if self.path == "/token":
            form = parse_qs(raw.decode())
            ok = (form.get("grant_type") == ["client_credentials"] and form.get("client_id") == [c.get("client_id", "cid")]
                  and form.get("client_secret") == [c.get("secret", "s3cret")] and form.get("scope"))
            if not ok:
                return self.reply(401, {"error": "invalid_client"})
            STATE["tokens"] += 1
            STATE["token"] = "tok%d" % STATE["tokens"]
            life = c.get("expires_in", 3600)
            STATE["token_expires"] = time.monotonic() + life
            with open(LOG + ".tokens", "w") as f:
                f.write(str(STATE["tokens"]))
            return self.reply(200, {"access_token": STATE["token"], "token_type": "Bearer", "expires_in": life})
        if not self.path.startswith("/children_social_care_data/") or not self.path.endswith("/children"):
            return self.reply(404, {"error": "not found"})
        STATE["posts"] += 1
        if self.headers.get("Authorization") != "Bearer %s" % STATE["token"]:
            return self.reply(401, {"error": "unauthorised"})
        if time.monotonic() > STATE["token_expires"]:
            STATE["expired"] += 1
            with open(LOG + ".expired", "w") as f:
                f.write(str(STATE["expired"]))
            return self.reply(401, {"error": "token expired"})
        time.sleep(c.get("delay_ms", 0) / 1000)
        if self.headers.get("SupplierKey") != c.get("supplier_key", "sk-test") or \
                not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.reply(403, {"error": "forbidden"})
        for once in ("429", "401", "503"):
            if c.get("once_" + once) and once not in STATE["once"]:
                STATE["once"].add(once)
                if once == "401":
                    STATE["token"] = None
                return self.reply(int(once), {"error": once}, [("Retry-After", "1")] if once == "429" else [])
        if "fail_after" in c and STATE["accepted_batches"] >= c["fail_after"]:
            return self.reply(500, {"error": "down"})
        if raw.startswith(b"\xef\xbb\xbf"):
            return self.reply(400, {"error": "byte-order mark"})
        records = json.loads(raw)
        if not isinstance(records, list):
            return self.reply(400, {"error": "not an array"})
        if len(records) > 100:
            return self.reply(413, {"error": "too many records"})
        bad = ["[%d]" % i for i, r in enumerate(records) if r.get("la_child_id") in c.get("reject", [])]
        if bad:
            return self.reply(400, {"errors": ["$%s.child_details: invalid" % b for b in bad]})
        STATE["accepted_batches"] += 1
        with open(LOG, "a") as f:
            for r in records:
                f.write(json.dumps({"id": r["la_child_id"], "purge": bool(r.get("purge")), "record": r},
                                   sort_keys=True) + "\n")
        if c.get("receipt") == "uuid":
            return self.reply(200, str(uuid.uuid4()))
        stamp = "2025-03-31_01:02:03.000000"
        return self.reply(200, ["%s_%s" % (stamp, uuid.uuid4()) for _ in records])


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERT, KEY)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(PORTFILE + ".tmp", PORTFILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
