"""The API contract check of `cargo xtask test`: schemathesis against a running Legeting seeded with the demo.

The xtask starts the server (SQLite, demo data) and runs this script with the virtual environment's Python:
    python run.py http://127.0.0.1:<port> <work dir>

It signs in as Bærum's administrator (who also organises every body and meeting), finds real ids in the demo
(a meeting with its agenda item, attachment, proposal and action item; a body, office, person, letter and rate
period), writes a schemathesis configuration that pins each operation's path parameters to them (so the fuzzer
reaches the handlers instead of 404), and runs every check of schemathesis over every operation but the two that
would end the session. The exit code is schemathesis'.
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.request

PASSWORD = "legeting-demo"
ADMIN = "admin@baerum.demo.legeting.no"
HERE = os.path.dirname(os.path.abspath(__file__))


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + "/api" + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        csrf = self.cookie("legeting_csrf")
        if csrf:
            request.add_header("x-csrf-token", csrf)
        with self.opener.open(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text and response.headers.get_content_type() == "application/json" else None


def wait_for(client):
    for _ in range(600):
        try:
            client.call("GET", "/health")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer /api/health within two minutes")


def discover(client):
    client.call("GET", "/setup")  # any request sets the CSRF cookie
    me = client.call("POST", "/auth/login", {"email": ADMIN, "password": PASSWORD})
    municipality = next(m["municipality"]["id"] for m in me["memberships"] if m["municipality"]["name"] == "Bærum")
    ids = {"municipality": municipality, "me": me["id"]}
    ids["office"] = client.call("GET", f"/municipalities/{municipality}/offices")[0]["id"]
    ids["person"] = client.call("GET", f"/municipalities/{municipality}/people?role=gp")[0]["id"]
    ids["body"] = client.call("GET", f"/municipalities/{municipality}/bodies")[0]["id"]
    meetings = client.call("GET", f"/municipalities/{municipality}/meetings?when=upcoming") or []
    meetings += client.call("GET", f"/municipalities/{municipality}/meetings?when=past") or []
    details = [client.call("GET", f"/meetings/{m['id']}") for m in meetings[:40]]
    with_proposal = next((d for d in details if d["proposals"]), None)
    meeting = next((d for d in details if d["meeting"]["status"] == "published"), details[0])
    ids["meeting"] = meeting["meeting"]["id"]
    if not meeting["agenda"]:
        client.call("POST", f"/meetings/{ids['meeting']}/agenda", {"title": "Sak for kontraktsprøven"})
        meeting = client.call("GET", f"/meetings/{ids['meeting']}")
    item = meeting["agenda"][0]
    ids["agenda_item"] = item["id"]
    attachment = client.call(
        "POST",
        f"/agenda-items/{item['id']}/attachments?file_name=saksframlegg.pdf",
        raw=b"%PDF-1.4 saksframlegg",
        content_type="application/octet-stream",
    )
    ids["attachment"] = attachment["id"]
    action = client.call("POST", f"/meetings/{ids['meeting']}/action-items", {"title": "Følge opp"})
    ids["action_item"] = action["id"]
    ids["proposal"] = with_proposal["proposals"][0]["id"] if with_proposal else ids["agenda_item"]
    ids["letter"] = client.call("GET", f"/municipalities/{municipality}/letters")[0]["id"]
    ids["rate"] = client.call("GET", f"/municipalities/{municipality}/rates")[0]["id"]
    return ids


def pinned_operations(ids):
    """Path parameters per path prefix, as schemathesis [[operations]] entries."""
    by_prefix = [
        ("^/municipalities/\\{id\\}/people/\\{person_id\\}", {"path.id": ids["municipality"], "path.person_id": ids["person"]}),
        ("^/municipalities/\\{id\\}/obligation/exemptions/", {"path.id": ids["municipality"], "path.person_id": ids["person"]}),
        ("^/municipalities/\\{id\\}/rates/\\{rate_id\\}", {"path.id": ids["municipality"], "path.rate_id": ids["rate"]}),
        ("^/municipalities/\\{id\\}", {"path.id": ids["municipality"]}),
        ("^/offices/", {"path.id": ids["office"]}),
        ("^/bodies/", {"path.id": ids["body"]}),
        ("^/meetings/\\{id\\}", {"path.id": ids["meeting"]}),
        ("^/agenda-items/", {"path.id": ids["agenda_item"]}),
        ("^/attachments/", {"path.id": ids["attachment"]}),
        ("^/proposals/", {"path.id": ids["proposal"]}),
        ("^/action-items/\\{id\\}", {"path.id": ids["action_item"]}),
        ("^/letters/", {"path.id": ids["letter"]}),
    ]
    entries = []
    claimed = []
    for regex, parameters in by_prefix:
        lines = ["[[operations]]", f"include-path-regex = {json.dumps(regex)}"]
        if claimed:
            lines.append(f"exclude-path-regex = {json.dumps('|'.join(f'({c})' for c in claimed))}")
        lines.append("parameters = { " + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in parameters.items()) + " }")
        entries.append("\n".join(lines))
        claimed.append(regex)
    return "\n\n".join(entries)


def main():
    base, work = sys.argv[1], sys.argv[2]
    client = Client(base)
    wait_for(client)
    ids = discover(client)
    with open(os.path.join(HERE, "schemathesis.toml"), encoding="utf-8") as f:
        config = f.read()
    path = os.path.join(work, "schemathesis.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(config + "\n\n# Generated: real ids of the demo for each operation's path.\n" + pinned_operations(ids) + "\n")
    env = dict(os.environ)
    env["LEGETING_CONTRACT_SESSION"] = client.cookie("legeting_session")
    env["LEGETING_CONTRACT_CSRF"] = client.cookie("legeting_csrf")
    st = os.path.join(os.path.dirname(sys.executable), "st")
    command = [st, "--config-file", path, "run", base + "/api/openapi.json", "--url", base + "/api"]
    sys.exit(subprocess.call(command, env=env, cwd=work))


if __name__ == "__main__":
    main()
