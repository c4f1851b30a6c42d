"""The nginx config as shipped: headers, compression, caching, SPA fallback, proxying, WebSockets,
runtime configuration, CDN rewriting and the render script's validation."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CSP_HASHES, DIST, ROOT

EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
}


def request(base: str, path: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None):
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, r.getheaders(), data
    finally:
        conn.close()


def header(headers, name: str) -> str | None:
    values = [v for k, v in headers if k.lower() == name.lower()]
    assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
    return values[0] if values else None


def inline_script_hashes(html: bytes) -> list[str]:
    out = []
    for m in re.finditer(rb"<script\b([^>]*)>(.*?)</script", html, re.S | re.I):
        if re.search(rb"\ssrc\s*=", m.group(1), re.I):
            continue
        out.append("'sha256-" + base64.b64encode(hashlib.sha256(m.group(2)).digest()).decode() + "'")
    return out


def csp_directives(value: str) -> dict[str, list[str]]:
    d = {}
    for part in value.split(";"):
        tokens = part.split()
        if tokens:
            d[tokens[0]] = tokens[1:]
    return d


def hashed(pattern: str) -> str:
    names = sorted(p.name for p in DIST.iterdir() if re.fullmatch(pattern, p.name))
    assert names, f"no file matching {pattern} in {DIST}"
    return names[0]



@pytest.fixture(scope="module")
def assets():
    return {
        "wasm": hashed(r".+-[0-9a-f]{12,16}_bg\.wasm"),
        "js": hashed(r".+-[0-9a-f]{12,16}\.js"),
        "css": hashed(r".+-[0-9a-f]{12,16}\.css"),
    }


def assert_security_headers(headers, expect_hashes: list[str], corp: str = "same-origin"):
    for name, value in EXPECTED_HEADERS.items():
        assert header(headers, name) == value, name
    assert header(headers, "Cross-Origin-Resource-Policy") == corp
    pp = header(headers, "Permissions-Policy")
    assert pp and "camera=()" in pp and "geolocation=()" in pp and "microphone=()" in pp
    csp = header(headers, "Content-Security-Policy")
    assert csp, "no CSP"
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    d = csp_directives(csp)
    assert d["default-src"] == ["'none'"]
    assert d["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    for h in expect_hashes:
        assert h in d["script-src"]
    assert d["style-src"][0] == "'self'"
    assert d["connect-src"][0] == "'self'"
    assert d["img-src"][:2] == ["'self'", "data:"]
    assert d["font-src"][0] == "'self'"
    assert d["manifest-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"]
    assert d["base-uri"] == ["'none'"]
    assert d["frame-ancestors"] == ["'none'"]
    assert d["form-action"] == ["'self'"]
    assert header(headers, "Server") == "nginx", "server_tokens off: no version"


@pytest.fixture(scope="module")
def loader_hashes():
    hashes = inline_script_hashes((DIST / "index.html").read_bytes())
    assert hashes, "dist/index.html has no inline loader script"
    return hashes


@pytest.mark.parametrize(
    "path,status",
    [
        ("/", 200),
        ("/servers/abc", 200),
        ("/index.html", 200),
        ("/config.json", 200),
        ("/healthz", 200),
        ("/health/", 200),
        ("/missing-asset.js", 404),
        ("/sark-console-0123456789abcdef_bg.wasm", 404),
        ("/.git/config", 404),
        ("/api/v1/servers/", 401),
    ],
)
def test_security_headers_on_every_response(site, loader_hashes, path, status):
    got, headers, _ = request(site.url, path)
    assert got == status
    assert_security_headers(headers, loader_hashes)


@pytest.mark.parametrize("kind", ["wasm", "js", "css"])
def test_security_headers_on_assets(site, loader_hashes, assets, kind):
    for enc in ("br", "gzip", ""):
        status, headers, _ = request(site.url, "/" + assets[kind], headers={"Accept-Encoding": enc})
        assert status == 200
        assert_security_headers(headers, loader_hashes)


def test_loader_hash_matches_build_file(loader_hashes):
    assert CSP_HASHES.read_text().split() == loader_hashes


def test_wasm_brotli(site, assets):
    status, headers, body = request(site.url, "/" + assets["wasm"], headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert header(headers, "Content-Type") == "application/wasm"
    assert header(headers, "Content-Encoding") == "br"
    assert "Accept-Encoding" in header(headers, "Vary")
    assert body == (DIST / (assets["wasm"] + ".br")).read_bytes()


@pytest.mark.parametrize("kind,ctype", [("js", "text/javascript"), ("css", "text/css")])
def test_js_css_brotli_keeps_type(site, assets, kind, ctype):
    status, headers, body = request(site.url, "/" + assets[kind], headers={"Accept-Encoding": "br"})
    assert status == 200
    assert header(headers, "Content-Type").startswith(ctype)
    assert header(headers, "Content-Encoding") == "br"


def mime_types() -> dict[str, str]:
    """Extension -> type, from the site's own mime.types."""
    text = (ROOT / "nginx" / "mime.types").read_text()
    out = {}
    for m in re.finditer(r"^\s*([a-z]+/[A-Za-z0-9.+-]+)\s+([^;]+);", text, re.M):
        for ext in m.group(2).split():
            out[ext] = m.group(1)
    return out


def precompressed_files() -> list[str]:
    """Every file of dist/ that scripts/dist.sh gave a .br copy."""
    served_elsewhere = {"index.html.br", "config.json.br"}  # from the runtime dir, with their own tests
    return sorted(p.name.removesuffix(".br") for p in DIST.glob("*.br") if p.name not in served_elsewhere)


def test_every_precompressed_type_served_as_br_with_its_type(site):
    types = mime_types()
    names = precompressed_files()
    # The favicon is the non-hashed SVG the issue was about; it must be among them.
    assert "favicon.svg" in names, names
    for name in names:
        ext = name.rsplit(".", 1)[-1]
        status, headers, body = request(site.url, "/" + name, headers={"Accept-Encoding": "gzip, br"})
        assert status == 200, name
        assert header(headers, "Content-Encoding") == "br", name
        assert header(headers, "Content-Type").split(";")[0] == types[ext], name
        assert "Accept-Encoding" in header(headers, "Vary"), name
        assert body == (DIST / (name + ".br")).read_bytes(), name
        assert_security_headers(headers, inline_script_hashes((DIST / "index.html").read_bytes()))


def test_svg_gzip_and_identity(site):
    svg = (DIST / "favicon.svg").read_bytes()
    status, headers, body = request(site.url, "/favicon.svg", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert header(headers, "Content-Encoding") == "gzip"
    assert header(headers, "Content-Type") == "image/svg+xml"
    assert header(headers, "Cache-Control") == "no-cache"
    assert header(headers, "Vary") == "Accept-Encoding"
    assert gzip.decompress(body) == svg
    status, headers, body = request(site.url, "/favicon.svg")
    assert header(headers, "Content-Encoding") is None
    assert header(headers, "Content-Type") == "image/svg+xml"
    assert body == svg


def test_gzip_fallback(site, assets):
    status, headers, body = request(site.url, "/" + assets["wasm"], headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert header(headers, "Content-Encoding") == "gzip"
    assert header(headers, "Content-Type") == "application/wasm"
    assert header(headers, "Vary") == "Accept-Encoding"
    assert gzip.decompress(body) == (DIST / assets["wasm"]).read_bytes()


def test_identity_and_wasm_type(site, assets):
    status, headers, body = request(site.url, "/" + assets["wasm"])
    assert status == 200
    assert header(headers, "Content-Encoding") is None
    assert header(headers, "Content-Type") == "application/wasm"
    assert body == (DIST / assets["wasm"]).read_bytes()


def test_cache_headers(site, assets):
    for kind in ("wasm", "js", "css"):
        _, headers, _ = request(site.url, "/" + assets[kind])
        assert header(headers, "Cache-Control") == "public, max-age=31536000, immutable"
    for path in ("/", "/index.html", "/servers/abc", "/config.json"):
        _, headers, _ = request(site.url, path)
        assert header(headers, "Cache-Control") == "no-cache", path
    # A missing hashed asset must not be cached for a year.
    status, headers, _ = request(site.url, "/sark-console-0123456789abcdef.js")
    assert status == 404 and header(headers, "Cache-Control") is None


def test_index_precompressed(site):
    _, headers, body = request(site.url, "/", headers={"Accept-Encoding": "br"})
    assert header(headers, "Content-Encoding") == "br"
    assert header(headers, "Content-Type").startswith("text/html")
    _, headers, body = request(site.url, "/", headers={"Accept-Encoding": "gzip"})
    assert header(headers, "Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (DIST / "index.html").read_bytes()


def test_spa_fallback(site):
    index = (DIST / "index.html").read_bytes()
    for path in ("/servers/abc", "/servers/3f1c2d4e-0000-4000-8000-000000000000/tools", "/policies", "/audit/", "/login"):
        status, headers, body = request(site.url, path)
        assert status == 200, path
        assert header(headers, "Content-Type").startswith("text/html")
        assert body == index, path
    for path in ("/x.js", "/servers/abc.css", "/nope.wasm", "/robots.txt"):
        if (DIST / path.lstrip("/")).exists():
            continue
        status, _, body = request(site.url, path)
        assert status == 404, path
        assert body != index


def test_healthz(site):
    status, headers, body = request(site.url, "/healthz")
    assert (status, body) == (200, b"ok\n")
    assert header(headers, "Cache-Control") == "no-store"


def test_api_and_health_proxied(site):
    status, headers, body = request(site.url, "/api/v1/servers/")
    assert status == 401
    assert header(headers, "Content-Type").startswith("application/json")
    json.loads(body)
    status, _, body = request(site.url, "/health/")
    assert status == 200 and json.loads(body)["status"] == "healthy"


def test_proxied_json_gzip_except_secrets(site, sandbox, loader_hashes):
    token = sandbox.mint("admin")
    bearer = {"Authorization": f"Bearer {token}"}
    # SARK's public OpenAPI document and an API list: compressed when asked, with Vary.
    for path, hdrs in (("/openapi.json", {}), ("/api/v1/audit/events", bearer)):
        status, headers, body = request(site.url, path, headers={**hdrs, "Accept-Encoding": "gzip, deflate, br"})
        assert status == 200, path
        assert header(headers, "Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in (header(headers, "Vary") or ""), path
        plain = gzip.decompress(body)
        json.loads(plain)
        assert len(body) < len(plain) / 2, path
        assert_security_headers(headers, loader_hashes)
        status, headers, body = request(site.url, path, headers=hdrs)
        assert (status, header(headers, "Content-Encoding")) == (200, None), path
        json.loads(body)
    # API key answers carry secrets: never compressed, however large (2.5 kB in the seed).
    status, headers, body = request(site.url, "/api/auth/api-keys", headers={**bearer, "Accept-Encoding": "gzip"})
    assert status == 200 and len(body) > 1024
    assert header(headers, "Content-Encoding") is None
    json.loads(body)


def test_api_body_limit(site):
    # Only the headers are sent: nginx refuses on Content-Length alone.
    status, headers, _ = request(site.url, "/api/v1/policy/validate", method="POST",
                                 headers={"Content-Length": str(64 * 1024 * 1024), "Content-Type": "application/json"})
    assert status == 413
    assert header(headers, "X-Content-Type-Options") == "nosniff"


def ws_handshake(site, path: str) -> str:
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", site.port), timeout=10) as s:
        s.sendall(
            (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{site.port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n", 1)[0].decode()


def test_websocket_upgrade_through_proxy(site, sandbox):
    token = sandbox.mint("admin")
    status_line = ws_handshake(site, f"/api/v1/ws/metrics/live?token={token}")
    assert " 101 " in status_line, status_line
    assert " 403 " in ws_handshake(site, "/api/v1/ws/audit/stream?token=not-a-token")

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        log = site.access_log.read_text() if site.access_log.exists() else ""
        if "/api/v1/ws/metrics/live" in log and "/api/v1/ws/audit/stream" in log:
            break
        time.sleep(0.2)
    assert "GET /api/v1/ws/metrics/live HTTP/1.1" in log
    assert "token=" not in log and token not in log
    assert "not-a-token" not in log


def test_config_json_from_env(site):
    status, _, body = request(site.url, "/config.json")
    assert status == 200
    assert json.loads(body) == {
        "api_base": "",
        "environment": 'packaging "test"',
        "enable_websockets": False,
        "demo": True,
        "sentry_dsn": "",
        "sentry_sample_rate": 1.0,
        "release": "",
    }


def test_runs_unprivileged_with_read_only_files(site):
    pid = int((site.runtime / "nginx.pid").read_text())
    uid = int(re.search(r"^Uid:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M).group(1))
    assert uid != 0, "nginx master runs as root"
    assert not os.access(site.web_root, os.W_OK) or os.geteuid() == 0
    assert not any(p.stat().st_mode & 0o222 for p in [site.web_root, *site.web_root.rglob("*")])
    assert not any(p.stat().st_mode & 0o222 for p in [site.conf_dir, *site.conf_dir.rglob("*")])


def render(env_extra: dict, tmp_path: Path, args: list[str] | None = None):
    env = {"PATH": os.environ["PATH"], "SARK_CONF_DIR": str(ROOT / "nginx"),
           "SARK_NGINX_TEMPLATE": str(ROOT / "nginx.conf"), "SARK_WEB_ROOT": str(DIST),
           "SARK_CSP_HASHES": str(CSP_HASHES), "SARK_RUNTIME_DIR": str(tmp_path / "run"), **env_extra}
    return subprocess.run(["sh", str(ROOT / "docker" / "render-config.sh"), *(args or [])],
                          env=env, capture_output=True, text=True, timeout=30)


def test_render_fails_fast_without_upstream(tmp_path):
    r = render({}, tmp_path, ["sh", "-c", "echo started"])
    assert r.returncode != 0
    assert "SARK_API_UPSTREAM" in r.stderr
    assert "started" not in r.stdout
    assert not (tmp_path / "run" / "nginx.conf").exists()


@pytest.mark.parametrize(
    "name,value",
    [
        ("SARK_API_UPSTREAM", "http://sark:8000/api"),
        ("SARK_API_UPSTREAM", "http://sark:8000; return 200"),
        ("SARK_API_UPSTREAM", "http://sark:8000\nx"),
        ("SARK_API_UPSTREAM", "ftp://sark"),
        ("SARK_ASSET_BASE", "https://cdn.example.com/a b"),
        ("SARK_ASSET_BASE", "javascript:alert(1)"),
        ("SARK_LISTEN", "8080; user root"),
        ("SARK_DEMO", "maybe"),
        ("SARK_ENVIRONMENT", "bad\x01name"),
        ("SARK_REAL_IP_FROM", "10.0.0.0/8,*"),
        ("SARK_API_RATE", "lots"),
        ("SARK_SENTRY_DSN", "https://key:secret@sentry.example.com/1"),
        ("SARK_SENTRY_DSN", "https://key@sentry.example.com/1?x=1"),
        ("SARK_SENTRY_DSN", "https://key@sentry.example.com/1 'unsafe-inline'"),
        ("SARK_SENTRY_DSN", "https://sentry.example.com/1"),
        ("SARK_SENTRY_DSN", "javascript:alert(1)//@x/1"),
        ("SARK_SENTRY_SAMPLE_RATE", "2"),
        ("SARK_SENTRY_SAMPLE_RATE", "half"),
        ("SARK_RELEASE", 'v1"; x'),
    ],
)
def test_render_rejects_bad_values(tmp_path, name, value):
    env = {"SARK_API_UPSTREAM": "http://sark:8000", name: value}
    r = render(env, tmp_path)
    assert r.returncode != 0, r.stderr
    assert name in r.stderr


@pytest.mark.parametrize(
    "dsn,origin",
    [
        ("https://abc123@o1.ingest.sentry.io/42", "https://o1.ingest.sentry.io"),
        ("http://k@127.0.0.1:9000/sentry/7", "http://127.0.0.1:9000"),
    ],
)
def test_render_sentry_dsn(tmp_path, dsn, origin):
    r = render({"SARK_API_UPSTREAM": "http://sark:8000", "SARK_SENTRY_DSN": dsn,
                "SARK_SENTRY_SAMPLE_RATE": ".25", "SARK_RELEASE": "console@1.2.3+abc"}, tmp_path)
    assert r.returncode == 0, r.stderr
    cfg = json.loads((tmp_path / "run" / "www" / "config.json").read_text())
    assert (cfg["sentry_dsn"], cfg["sentry_sample_rate"], cfg["release"]) == (dsn, 0.25, "console@1.2.3+abc")
    with_dsn = (tmp_path / "run" / "security-headers.conf").read_text()
    r = render({"SARK_API_UPSTREAM": "http://sark:8000"}, tmp_path / "plain")
    assert r.returncode == 0, r.stderr
    without = (tmp_path / "plain" / "run" / "security-headers.conf").read_text()
    a = csp_directives(re.search(r'Content-Security-Policy "([^"]+)"', with_dsn).group(1))
    b = csp_directives(re.search(r'Content-Security-Policy "([^"]+)"', without).group(1))
    # Exactly the DSN's origin joins connect-src; every other directive is unchanged.
    assert a["connect-src"] == ["'self'", origin]
    assert b["connect-src"] == ["'self'"]
    assert {k: v for k, v in a.items() if k != "connect-src"} == {k: v for k, v in b.items() if k != "connect-src"}


def test_render_upstream_forms(tmp_path):
    r = render({"SARK_API_UPSTREAM": "https://sark.example.com/"}, tmp_path)
    assert r.returncode == 0, r.stderr
    up = (tmp_path / "run" / "upstream.conf").read_text()
    assert "server sark.example.com:443" in up
    proxy = (tmp_path / "run" / "proxy.conf").read_text()
    assert 'proxy_set_header Host "sark.example.com";' in proxy
    assert "proxy_ssl_name sark.example.com;" in proxy
    assert "proxy_pass https://sark_api;" in (tmp_path / "run" / "nginx.conf").read_text()


def test_gixy_clean(site):
    gixy = Path(sys.executable).parent / "gixy"
    r = subprocess.run([str(gixy), str(site.runtime / "nginx.conf")], capture_output=True, text=True, timeout=120)
    assert ">> Problem" not in r.stdout, r.stdout
    assert r.returncode == 0, r.stdout + r.stderr


def test_cdn_asset_base(cdn_site, assets):
    base = "http://127.0.0.1:9/assets/v1"
    status, headers, body = request(cdn_site.url, "/", headers={"Accept-Encoding": "identity"})
    assert status == 200
    html = body.decode()
    for kind in ("wasm", "js", "css"):
        assert f"{base}/{assets[kind]}" in html
        assert f'"/{assets[kind]}' not in html and f"'/{assets[kind]}" not in html
    assert re.search(r'<link rel="stylesheet" crossorigin="anonymous" href="' + re.escape(base), html)
    hashes = inline_script_hashes(body)
    assert_security_headers(headers, hashes)
    d = csp_directives(header(headers, "Content-Security-Policy"))
    for directive in ("script-src", "style-src", "connect-src"):
        assert "http://127.0.0.1:9" in d[directive], directive
    # The origin still serves the assets, now for the CDN to pull: CORS and cross-origin CORP.
    status, headers, _ = request(cdn_site.url, "/" + assets["wasm"], headers={"Accept-Encoding": "br"})
    assert status == 200
    assert header(headers, "Access-Control-Allow-Origin") == "*"
    assert header(headers, "Cross-Origin-Resource-Policy") == "cross-origin"
    assert header(headers, "Content-Encoding") == "br"
    # Pages stay same-origin.
    _, headers, _ = request(cdn_site.url, "/config.json")
    assert header(headers, "Cross-Origin-Resource-Policy") == "same-origin"
    assert header(headers, "Access-Control-Allow-Origin") is None


@pytest.fixture(scope="module")
def busybox_path(tmp_path_factory):
    """A PATH with nothing but busybox applets: the userland of the Alpine runtime image."""
    busybox = shutil.which("busybox")
    if busybox is None:
        pytest.fail("busybox missing (scripts/setup.sh installs it)")
    d = tmp_path_factory.mktemp("busybox-bin")
    subprocess.run([busybox, "--install", "-s", str(d)], check=True)
    return str(d)


@pytest.mark.parametrize("asset_base", ["", "https://cdn.example.com/sark/1.0"])
def test_render_under_busybox_matches(tmp_path, busybox_path, asset_base):
    """The render script must give the same result on Alpine's busybox as on Debian's tools."""
    env = {"SARK_API_UPSTREAM": "http://sark-api:8000", "SARK_ENVIRONMENT": "staging", "SARK_ASSET_BASE": asset_base}
    debian = render(env, tmp_path / "debian")
    assert debian.returncode == 0, debian.stderr
    bb_env = {"PATH": busybox_path, "SARK_CONF_DIR": str(ROOT / "nginx"),
              "SARK_NGINX_TEMPLATE": str(ROOT / "nginx.conf"), "SARK_WEB_ROOT": str(DIST),
              "SARK_CSP_HASHES": str(CSP_HASHES), "SARK_RUNTIME_DIR": str(tmp_path / "bb" / "run"), **env}
    bb = subprocess.run([shutil.which("busybox"), "sh", str(ROOT / "docker" / "render-config.sh")],
                        env=bb_env, capture_output=True, text=True, timeout=30)
    assert bb.returncode == 0, bb.stderr
    for name in ("nginx.conf", "security-headers.conf", "asset-headers.conf", "precompressed.conf", "proxy.conf",
                 "upstream.conf",
                 "realip.conf", "www/config.json", "www/index.html"):
        a = (tmp_path / "debian" / "run" / name).read_text().replace(str(tmp_path / "debian"), "X")
        b = (tmp_path / "bb" / "run" / name).read_text().replace(str(tmp_path / "bb"), "X")
        assert a == b, name
    # And the CSP hashes are right for the index.html actually served.
    served = (tmp_path / "bb" / "run" / "www" / "index.html").read_bytes()
    csp = (tmp_path / "bb" / "run" / "security-headers.conf").read_text()
    for h in inline_script_hashes(served):
        assert h in csp
