"""scripts/merge-chunks.py, the release build's post-pass that merges wasm-split's small shared
chunks: on modules shaped like wasm-split-cli's (imports from `__wasm_split` only, table and data
segments at fixed places) the merged chunk must do what the separate ones did, and the loader must
wait for it wherever it waited for one of them. Needs binaryen (node_modules/.bin), brotli, node.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "merge-chunks.py"
BIN = ROOT / "node_modules" / ".bin"
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

pytestmark = pytest.mark.skipif(
    not (BIN / "wasm-merge").exists() or not shutil.which("brotli") or not shutil.which("node"),
    reason="needs binaryen from npm (scripts/setup.sh), brotli and node",
)


def chunk_wat(slot: int, value: int, address: int, data: bytes, imports_global: bool = True) -> str:
    """A chunk as wasm-split-cli makes them: `value()` at table `slot`, `data` at `address`."""
    escaped = "".join(f"\\{b:02x}" for b in data)
    glob = '(import "__wasm_split" "__wasm_split_shared0" (global $g (mut i32)))' if imports_global else ""
    return f"""(module
 (import "__wasm_split" "memory" (memory $m 1))
 (import "__wasm_split" "__indirect_function_table" (table $t 20 funcref))
 {glob}
 (func $f (result i32) (i32.const {value}))
 (elem (i32.const {slot}) $f)
 (data (i32.const {address}) "{escaped}"))
"""


def loader_js(chunks: list[str], splits: dict[str, list[str]]) -> str:
    """`__wasm_split.js` in wasm-split-cli's layout (only the parts the script reads)."""
    out = ["function makeLoad(fetcher, deps) { return () => Promise.all(deps.map(d => d())); }\n"]
    for c in chunks:
        out.append(
            f"/* users of {c} */\n"
            f"const __{c} = makeLoad(() => {{\n"
            f'    const src = fetch(new URL("./{c}.wasm", import.meta.url));\n'
            "    src.catch(() => {});\n"
            "    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n"
            "}\n, []);\n"
        )
    for s, deps in splits.items():
        out.append(
            f"export const __wasm_split_load_{s} = wrapAsyncCb(makeLoad(() => {{\n"
            f'    const src = fetch(new URL("./split_{s}.wasm", import.meta.url));\n'
            "    src.catch(() => {});\n"
            "    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n"
            "}\n" + f", [{', '.join('__' + d for d in deps)}]));\n"
        )
    return "".join(out)


def build(work: Path, name: str, wat: str) -> None:
    (work / f"{name}.wat").write_text(wat)
    subprocess.run(
        [BIN / "wasm-as", "--enable-mutable-globals", work / f"{name}.wat", "-o", work / f"{name}.wasm"],
        check=True,
        env=ENV,
    )
    (work / f"{name}.wat").unlink()


def run_script(work: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["python3", SCRIPT, work], capture_output=True, text=True, env=ENV)


def test_small_chunks_become_one_that_does_what_they_did(tmp_path: Path) -> None:
    # Two small chunks and two over 4 kB brotli (random bytes do not compress). The small ones
    # together are still under 4 kB, so they join the smallest large one; the other stays.
    rng = random.Random(7)
    build(tmp_path, "chunk_1", chunk_wat(10, 1, 100, b"one"))
    build(tmp_path, "chunk_2", chunk_wat(11, 2, 200, b"two", imports_global=False))
    build(tmp_path, "chunk_3", chunk_wat(12, 3, 1000, rng.randbytes(5000)))
    build(tmp_path, "chunk_4", chunk_wat(13, 4, 8000, rng.randbytes(9000)))
    (tmp_path / "__wasm_split.js").write_text(
        loader_js(
            ["chunk_1", "chunk_2", "chunk_3", "chunk_4"],
            {"a": ["chunk_1", "chunk_3"], "b": ["chunk_2"], "c": ["chunk_1", "chunk_2", "chunk_4"]},
        )
    )

    done = run_script(tmp_path)
    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in tmp_path.glob("chunk_*.wasm"))
    assert len(left) == 2 and "chunk_4.wasm" in left, left
    merged = next(n for n in left if n != "chunk_4.wasm")[: -len(".wasm")]

    js = (tmp_path / "__wasm_split.js").read_text()
    assert js.count('makeLoad(() => {\n    const src = fetch(new URL("./chunk_') == 2
    # Every split waits for the merged chunk where it waited for any merged one, once.
    assert js.count(f", [__{merged}]));") == 2  # a and b
    assert f", [__{merged}, __chunk_4]));" in js  # c
    for gone in {"chunk_1", "chunk_2", "chunk_3"} - {merged}:
        assert f"__{gone}" not in js and not (tmp_path / f"{gone}.wasm").exists()

    # The merged module fills the same table slots and memory as the two did.
    check = f"""
      const fs = require('fs');
      const memory = new WebAssembly.Memory({{ initial: 1 }});
      const table = new WebAssembly.Table({{ initial: 20, element: 'anyfunc' }});
      const g = new WebAssembly.Global({{ value: 'i32', mutable: true }}, 0);
      const imports = {{ __wasm_split: {{ memory, __indirect_function_table: table, __wasm_split_shared0: g }} }};
      const m = new WebAssembly.Module(fs.readFileSync({json.dumps(str(tmp_path / (merged + '.wasm')))}));
      new WebAssembly.Instance(m, imports);
      const text = (a, n) => Buffer.from(new Uint8Array(memory.buffer, a, n)).toString();
      console.log(JSON.stringify([table.get(10)(), table.get(11)(), table.get(12)(), text(100, 3), text(200, 3)]));
    """
    out = subprocess.run(["node", "-e", check], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [1, 2, 3, "one", "two"]


def test_a_chunk_with_an_unknown_import_stops_the_build(tmp_path: Path) -> None:
    build(tmp_path, "chunk_1", chunk_wat(10, 1, 100, b"one"))
    odd = chunk_wat(11, 2, 200, b"two").replace(
        "(func $f", '(import "env" "now" (func $now (result f64)))\n (func $f', 1
    )
    build(tmp_path, "chunk_2", odd)
    (tmp_path / "__wasm_split.js").write_text(loader_js(["chunk_1", "chunk_2"], {"a": ["chunk_1", "chunk_2"]}))
    before = (tmp_path / "__wasm_split.js").read_text()

    done = run_script(tmp_path)
    assert done.returncode != 0
    assert "unexpected import" in done.stderr + done.stdout
    # Nothing half-done: both chunks and the loader as they were.
    assert (tmp_path / "chunk_1.wasm").exists() and (tmp_path / "chunk_2.wasm").exists()
    assert (tmp_path / "__wasm_split.js").read_text() == before
