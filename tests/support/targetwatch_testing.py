"""The shared launcher of the Python tests: one real targetwatchd in its own directory, on a
free loopback port (--port-file), with polling waits (nothing sleeps blindly).

Standard library only. Import with sys.path including tests/support.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request


def wait_for(condition, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def settings_toml(tokens, extra=""):
    """Settings of a test daemon; `tokens` maps name -> (secret, departments, may_reload)."""
    lines = [
        'listen = "127.0.0.1:0"',
        'targets_dir = "targets"',
        'store_path = "state/actuals.db"',
        "public_reads = true",  # the tests read without tokens; access tests override it
        extra,
    ]
    for name, (secret, departments, may_reload) in tokens.items():
        lines += [
            "",
            "[[token]]",
            'name = "%s"' % name,
            'sha256 = "%s"' % hashlib.sha256(secret.encode()).hexdigest(),
            "departments = [%s]" % ", ".join('"%s"' % d for d in departments),
            "may_reload = %s" % ("true" if may_reload else "false"),
        ]
    return "\n".join(lines) + "\n"


class Daemon:
    """One targetwatchd process in its own directory."""

    def __init__(self, workdir, daemon, targets, today, tokens, settings_extra="", env=None,
                 copy_targets=True):
        """`daemon`: the targetwatchd binary; `targets`: a directory copied to workdir/targets;
        `today`: the --today date; `tokens`: see settings_toml."""
        self.daemon = daemon
        self.today = today
        self.dir = workdir
        self.settings = os.path.join(workdir, "targetwatch.toml")
        self.port_file = os.path.join(workdir, "port")
        self.log = os.path.join(workdir, "daemon.log")
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.port = None
        if copy_targets and not os.path.exists(os.path.join(workdir, "targets")):
            shutil.copytree(targets, os.path.join(workdir, "targets"))
        # The daemon never creates its store's directory (a mistyped path must fail loudly).
        os.makedirs(os.path.join(workdir, "state"), exist_ok=True)
        with open(self.settings, "w", encoding="utf-8") as f:
            f.write(settings_toml(tokens, settings_extra))

    def start(self, *extra_args):
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.log_handle = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [self.daemon, "--settings", self.settings, "--today", self.today,
             "--port-file", self.port_file] + list(extra_args),
            cwd=self.dir, stdout=self.log_handle, stderr=self.log_handle, env=self.env)

        def port_known():
            if self.proc.poll() is not None:
                raise AssertionError("targetwatchd exited with %s:\n%s" %
                                     (self.proc.returncode, self.log_text()))
            try:
                with open(self.port_file) as f:
                    text = f.read()
                return int(text) if text.endswith("\n") else None
            except (FileNotFoundError, ValueError):
                return None

        self.port = wait_for(port_known, "the port file")
        wait_for(lambda: self.get("/readyz")[0] == 200, "/readyz")
        return self

    def log_text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def request(self, method, path, body=None, headers=None, token=None):
        url = "http://127.0.0.1:%d%s" % (self.port, path)
        data = body.encode("utf-8") if isinstance(body, str) else body
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=20) as res:
                return res.status, res.read().decode("utf-8"), dict(res.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8"), dict(e.headers)
        except (urllib.error.URLError, ConnectionError):
            return 0, "", {}

    def get(self, path, token=None):
        return self.request("GET", path, token=token)

    def post(self, body, content_type="application/json", token="writer-900-secret"):
        return self.request("POST", "/api/v1/actuals", body, {"Content-Type": content_type}, token)

    def metrics(self):
        status, text, _ = self.get("/metrics")
        assert status == 200, status
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                key, value = line.rsplit(" ", 1)
                samples[key] = float(value)
        return samples, text

    def actuals(self, query="", token=None):
        """Every page of GET /api/v1/actuals`query` ("?project=...": filters), merged by identity
        as if it were one answer: an identity on several pages gets every revision, and the
        fields of the newest."""
        merged = {}
        after = 0
        while True:
            status, body, _ = self.get("/api/v1/actuals%s%slimit=10000&after=%d" %
                                       (query, "&" if query else "?", after), token=token)
            assert status == 200, (status, body)
            page = json.loads(body)
            for a in page["actuals"]:
                key = (a["department"], a["project"], a["indicator"], a["as_of"],
                       a.get("fund", ""))
                if key in merged:
                    a["revisions"] = merged[key]["revisions"] + a["revisions"]
                merged[key] = a
            if not page["more"]:
                return [merged[key] for key in sorted(merged)]
            assert page["next_after"] > after, page  # a page that does not advance would loop
            after = page["next_after"]

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=30)
        finally:
            self.log_handle.close()
        return code

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.log_handle.close()
