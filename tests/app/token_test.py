#!/usr/bin/env python3
"""`targetwatch token add|list|revoke` (issue 14): the built program on temporary settings files,
and a real targetwatchd (loopback, free port) that takes the new token after the reload step and
refuses it after revoke.

Usage: token_test.py --cli PATH/targetwatch --daemon PATH/targetwatchd --fixtures DIR
                     [unittest args]   (stdlib only)
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon, settings_toml  # noqa: E402

ARGS = None
TODAY = "2025-06-30"
ADMIN = ("admin-secret", ["*"], True)  # may reload
GOOD_JSON = json.dumps({"actuals": [
    {"project": "P900-1", "indicator": "quantity-1", "value": 150, "as_of": "2025-06-15"},
]})


def run(*args, check_code=None, env=None):
    proc = subprocess.run([ARGS.cli, *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))
    if check_code is not None and proc.returncode != check_code:
        raise AssertionError("targetwatch %s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(args), proc.returncode, check_code, proc.stdout, proc.stderr))
    return proc


def secret_of(stdout):
    m = re.search(r"^secret: (\S+)$", stdout, re.M)
    assert m, stdout
    return m.group(1)


def no_env():
    """The reload step must not pick up a developer's own daemon."""
    return {"TARGETWATCH_URL": "", "TARGETWATCH_TOKEN": ""}


class TokenCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-token-")
        self.settings = os.path.join(self.tmp, "targetwatch.toml")
        self.daemon = None

    def tearDown(self):
        if self.daemon is not None:
            self.daemon.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_settings(self, text):
        with open(self.settings, "w", encoding="utf-8") as f:
            f.write(text)

    def read(self, path=None):
        with open(path or self.settings, encoding="utf-8") as f:
            return f.read()

    def add(self, name, departments, *extra, code=0, env=None):
        return run("token", "add", "--name", name, "--departments", departments, "--settings",
                   self.settings, *extra, check_code=code, env=env or no_env())

    def start_daemon(self, extra=""):
        self.daemon = Daemon(self.tmp, ARGS.daemon,
                             os.path.join(ARGS.fixtures, "integration", "targets"), TODAY,
                             {"admin": ADMIN}, extra)
        self.settings = self.daemon.settings
        return self.daemon.start()

    def reload_env(self):
        return {"TARGETWATCH_URL": "http://127.0.0.1:%d" % self.daemon.port,
                "TARGETWATCH_TOKEN": ADMIN[0]}


class AddTest(TokenCase):
    def test_secret_printed_once_only_hash_stored(self):
        self.write_settings(settings_toml({"admin": ADMIN}))
        os.chmod(self.settings, 0o640)
        proc = self.add("clerk375", "375,376")
        secret = secret_of(proc.stdout)
        self.assertGreaterEqual(len(secret), 43)  # 32 bytes of base64url
        self.assertEqual(proc.stdout.count(secret), 1, "printed once")
        digest = hashlib.sha256(secret.encode()).hexdigest()
        self.assertIn("sha256: " + digest, proc.stdout)
        text = self.read()
        self.assertNotIn(secret, text)
        self.assertIn('sha256 = "%s"' % digest, text)
        self.assertIn('departments = ["375", "376"]', text)
        self.assertIn("may_reload = false", text)
        self.assertIn("read_only = false", text)
        self.assertEqual(stat.S_IMODE(os.stat(self.settings).st_mode), 0o640, "mode kept")
        self.assertIn("systemctl reload targetwatchd", proc.stdout)
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".")], [],
                         "no temporary file left")
        # A second token gets a different secret.
        other = secret_of(self.add("clerk377", "377").stdout)
        self.assertNotEqual(secret, other)

    def test_duplicate_name_refused(self):
        self.write_settings(settings_toml({"admin": ADMIN}))
        before = self.read()
        proc = self.add("admin", "375", code=1)
        self.assertIn("already exists", proc.stderr)
        self.assertEqual(self.read(), before, "nothing written")

    def test_bad_command_lines(self):
        self.write_settings(settings_toml({"admin": ADMIN}))
        run("token", check_code=64)
        run("token", "frobnicate", check_code=64)
        run("token", "add", "--name", "x", "--settings", self.settings, check_code=64)
        self.add("x", "375", "--read-only", "--may-reload", code=64)
        self.add("x", "375,,376", code=64)
        run("token", "list", "--settings", os.path.join(self.tmp, "none.toml"), check_code=66)
        self.assertIn("usage: targetwatch token", run("token", "--help", check_code=0).stdout)

    def test_invalid_settings_are_not_edited(self):
        self.write_settings('listen = "nonsense"\n')
        self.add("x", "375", code=1)
        self.assertEqual(self.read(), 'listen = "nonsense"\n')


class ListTest(TokenCase):
    def test_list_shows_scopes_never_secrets(self):
        self.write_settings(settings_toml({"admin": ADMIN}))
        secret = secret_of(self.add("reader", "375,376", "--read-only").stdout)
        out = run("token", "list", "--settings", self.settings, check_code=0).stdout
        self.assertNotIn(secret, out)
        self.assertNotIn(hashlib.sha256(secret.encode()).hexdigest(), out)
        self.assertNotIn(hashlib.sha256(ADMIN[0].encode()).hexdigest(), out)
        rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
        self.assertEqual(rows["reader"], ["reader", "375,376", "是", "否", self.settings])
        self.assertEqual(rows["admin"], ["admin", "*", "否", "是", self.settings])


class RevokeTest(TokenCase):
    def test_comments_and_order_survive_revoke(self):
        original = (
            "# Settings of the test office.\n"
            'listen = "127.0.0.1:0"  # loopback\n'
            "\n"
            "# Tokens: one per department.\n"
            "[[token]]\n"
            'name = "first"\n'
            'sha256 = "%s"\n'
            'departments = ["375"]\n'
            "\n"
            "[[token]]  # the one to go\n"
            'name = "middle"\n'
            "# issued 2026-11\n"
            'sha256 = "%s"\n'
            "departments = [\n"
            '  "376",  # ["odd"] brackets in a comment\n'
            "]\n"
            "# read_only = true\n"
            "\n"
            "# The last one.\n"
            "[[token]]\n"
            'name = "last"\n'
            'sha256 = "%s"\n'
            'departments = ["*"]\n'
            "\n"
            "# Lamps.\n"
            '[warnings."*"]\n'
            'rules = ["plan"]\n'
        ) % tuple(hashlib.sha256(s.encode()).hexdigest() for s in ("a", "b", "c"))
        self.write_settings(original)
        run("token", "revoke", "--name", "middle", "--settings", self.settings, check_code=0,
            env=no_env())
        head, _, rest = original.partition("[[token]]  # the one to go\n")
        tail = rest[rest.index("# The last one.\n"):]
        self.assertEqual(self.read(), head + tail)
        # The last table of a file goes with the blank line that preceded it.
        self.write_settings(settings_toml({"admin": ADMIN}))
        before = self.read()
        self.add("temp", "375")
        self.assertNotEqual(self.read(), before)
        run("token", "revoke", "--name", "temp", "--settings", self.settings, check_code=0,
            env=no_env())
        self.assertEqual(self.read(), before, "add then revoke gives back the same bytes")

    def test_unknown_name(self):
        self.write_settings(settings_toml({"admin": ADMIN}))
        proc = run("token", "revoke", "--name", "nobody", "--settings", self.settings,
                   check_code=1)
        self.assertIn("nobody", proc.stderr)


class TokensFileTest(TokenCase):
    def test_tokens_file_is_created_0600_and_used(self):
        self.write_settings(settings_toml({"admin": ADMIN}, 'tokens_file = "tokens.toml"'))
        before = self.read()
        tokens = os.path.join(self.tmp, "tokens.toml")
        secret = secret_of(self.add("clerk", "900").stdout)
        self.assertEqual(self.read(), before, "the settings file is not touched")
        self.assertEqual(stat.S_IMODE(os.stat(tokens).st_mode), 0o600)
        self.assertIn(hashlib.sha256(secret.encode()).hexdigest(), self.read(tokens))
        self.assertNotIn(secret, self.read(tokens))
        out = run("token", "list", "--settings", self.settings, check_code=0).stdout
        self.assertRegex(out, r"clerk\s+900\s+否\s+否\s+" + re.escape(tokens))
        self.add("clerk", "900", code=1)  # duplicate across the two files
        self.add("admin", "900", code=1)
        run("token", "revoke", "--name", "clerk", "--settings", self.settings, check_code=0,
            env=no_env())
        self.assertNotIn("clerk", self.read(tokens))
        self.assertEqual(self.read(), before)


    def test_credential_tokens_file_asks_for_a_restart(self):
        # As the shipped unit has it: systemd copies the file at start, so reload is not enough.
        self.write_settings(settings_toml(
            {"admin": ADMIN}, 'tokens_file = "${CREDENTIALS_DIRECTORY:-%s}/tokens.toml"' % self.tmp))
        out = self.add("clerk", "900").stdout
        self.assertIn("systemctl restart targetwatchd", out)
        self.assertNotIn("systemctl reload", out)
        self.assertIn("clerk", self.read(os.path.join(self.tmp, "tokens.toml")))
        out = run("token", "revoke", "--name", "clerk", "--settings", self.settings,
                  check_code=0, env=no_env()).stdout
        self.assertIn("systemctl restart targetwatchd", out)


class DaemonTest(TokenCase):
    def test_reload_accepts_then_revoke_rejects(self):
        d = self.start_daemon()
        proc = self.add("clerk900", "900", "--url", "http://127.0.0.1:%d" % d.port,
                        env={"TARGETWATCH_TOKEN": ADMIN[0], "TARGETWATCH_URL": ""})
        self.assertIn("已重新加载", proc.stdout)
        secret = secret_of(proc.stdout)
        status, body = d.post(GOOD_JSON, token=secret)[:2]
        self.assertEqual(status, 200, body)

        reader = secret_of(self.add("reader900", "900", "--read-only",
                                    env=self.reload_env()).stdout)
        self.assertEqual(d.post(GOOD_JSON, token=reader)[0], 403)

        run("token", "revoke", "--name", "clerk900", "--settings", self.settings, check_code=0,
            env=self.reload_env())
        self.assertEqual(d.post(GOOD_JSON, token=secret)[0], 401)

    def test_tokens_file_with_daemon(self):
        d = self.start_daemon('tokens_file = "tokens.toml"')
        secret = secret_of(self.add("clerk900", "900", env=self.reload_env()).stdout)
        self.assertEqual(d.post(GOOD_JSON, token=secret)[0], 200)
        run("token", "revoke", "--name", "clerk900", "--settings", self.settings, check_code=0,
            env=self.reload_env())
        self.assertEqual(d.post(GOOD_JSON, token=secret)[0], 401)

    def test_reload_refused_for_a_token_that_may_not(self):
        d = self.start_daemon()
        plain = secret_of(self.add("plain", "900", env=self.reload_env()).stdout)
        env = dict(self.reload_env(), TARGETWATCH_TOKEN=plain)
        proc = self.add("other", "900", code=1, env=env)
        self.assertIn("403", proc.stderr)
        self.assertEqual(d.post(GOOD_JSON, token=plain)[0], 200)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--fixtures", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
