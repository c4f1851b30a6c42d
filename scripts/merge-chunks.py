#!/usr/bin/env python3
"""Post-pass of scripts/wasm-split.sh (release): merges the shared wasm chunks that are below
MIN_BYTES brotli into one chunk.

wasm-split-cli makes one chunk per set of split modules that share code; with several split
groups most of those sets hold a few hundred bytes, and each costs a request with ~1 kB of
headers. Every chunk is self-contained: it imports only the memory, the function table and the
shared global from `__wasm_split`, and its data and table segments sit at fixed addresses. So
merging is binaryen's wasm-merge, with a small provider module that imports those three once and
exports them to the chunks, and the loader (`__wasm_split.js`) is rewritten so every split module
that used one of the merged chunks waits for the merged one instead.

Usage: merge-chunks.py WORK_DIR   (the directory holding __wasm_split.js and chunk_*.wasm)
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MIN_BYTES = 4096
IMPORTS = {"memory", "__indirect_function_table", "__wasm_split_shared0"}

DEF = re.compile(
    r"(?:/\*[^*]*\*/\n)?const (?P<var>__chunk_\d+) = makeLoad\(\(\) => \{\n"
    r"    const src = fetch\(new URL\(\"\./(?P<file>chunk_\d+)\.wasm\", import\.meta\.url\)\);\n"
    r".*?\n, \[\]\);\n",
    re.S,
)
IMPORT = re.compile(r'^ \(import "(?P<mod>[^"]*)" "(?P<name>[^"]*)" \((?P<kind>\w+) \$\S+ (?P<rest>[^)]*)\)')


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def brotli_size(path: Path) -> int:
    return len(subprocess.run(["brotli", "-c", "-q", "11", str(path)], check=True, capture_output=True).stdout)


def merge(work: Path, group: list[str], features: list[str]) -> None:
    """Merges the chunk files `group` (names without .wasm) into the first one."""
    limits: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        args: list[str] = []
        for i, name in enumerate(group):
            text = run("wasm-dis", str(work / f"{name}.wasm"))
            for line in text.splitlines():
                m = IMPORT.match(line)
                if not line.startswith(" (import"):
                    continue
                if not m or m["mod"] != "__wasm_split" or m["name"] not in IMPORTS:
                    raise SystemExit(f"merge-chunks: {name} has an unexpected import: {line.strip()}")
                if m["kind"] == "memory" or m["kind"] == "table":
                    # The largest minimum satisfies every chunk (they come from one linked binary).
                    first = int(m["rest"].split()[0])
                    old = limits.get(m["name"])
                    if old is None or first > int(old.split()[0]):
                        limits[m["name"]] = m["rest"]
            wat = Path(tmp, f"{i}.wat")
            wat.write_text(text.replace('(import "__wasm_split" ', '(import "provider" '))
            run("wasm-as", *features, str(wat), "-o", str(Path(tmp, f"{i}.wasm")))
            args += [str(Path(tmp, f"{i}.wasm")), f"c{i}"]
        memory = limits.get("memory", "0")
        table = limits.get("__indirect_function_table", "0 funcref")
        provider = Path(tmp, "provider.wat")
        provider.write_text(
            "(module\n"
            f' (import "__wasm_split" "memory" (memory $m {memory}))\n'
            f' (import "__wasm_split" "__indirect_function_table" (table $t {table}))\n'
            ' (import "__wasm_split" "__wasm_split_shared0" (global $g (mut i32)))\n'
            ' (export "memory" (memory $m))\n'
            ' (export "__indirect_function_table" (table $t))\n'
            ' (export "__wasm_split_shared0" (global $g)))\n'
        )
        run("wasm-as", *features, str(provider), "-o", str(Path(tmp, "provider.wasm")))
        merged = Path(tmp, "merged.wasm")
        run("wasm-merge", str(Path(tmp, "provider.wasm")), "provider", *args, "-o", str(merged), *features)
        run("wasm-opt", *features, "-Oz", "--strip-debug", "--strip-producers", str(merged),
            "-o", str(work / f"{group[0]}.wasm"))
    for name in group[1:]:
        (work / f"{name}.wasm").unlink()


def main() -> None:
    work = Path(sys.argv[1])
    loader = work / "__wasm_split.js"
    js = loader.read_text()
    defs = {m["file"]: m for m in DEF.finditer(js)}
    found = len(re.findall(r"^const __chunk_\d+ = makeLoad", js, re.M))
    if found != len(defs):
        raise SystemExit(f"merge-chunks: understood {len(defs)} of {found} chunk loaders in {loader}")
    sizes = {name: brotli_size(work / f"{name}.wasm") for name in defs}
    order = sorted(sizes, key=lambda n: sizes[n])
    # All small chunks into one; while that is still small, add the next smallest chunk.
    group = [n for n in order if sizes[n] < MIN_BYTES]
    rest = [n for n in order if n not in group]
    while group and sum(sizes[n] for n in group) < MIN_BYTES and rest:
        group.append(rest.pop(0))
    if len(group) < 2:
        print(f"merge-chunks: nothing to merge ({len(defs)} chunks)")
        return
    features = run("wasm-opt", "--print-features", str(work / f"{group[0]}.wasm"), "-o", "/dev/null").split()
    merge(work, group, features)

    base = defs[group[0]]["var"]
    for name in group[1:]:
        m = defs[name]
        js = js.replace(m.group(0), "")
        js = re.sub(rf"\b{m['var']}\b", base, js)

    def dedupe(m: re.Match) -> str:
        deps = list(dict.fromkeys(d.strip() for d in m[1].split(",") if d.strip()))
        return "[" + ", ".join(deps) + "]"

    js = re.sub(r"\[((?:\s*__chunk_\d+\s*,?)+)\]", dedupe, js)
    loader.write_text(js)
    after = brotli_size(work / f"{group[0]}.wasm")
    print(f"merge-chunks: {len(group)} chunks ({', '.join(f'{n} {sizes[n]} B' for n in group)}) "
          f"-> {group[0]} {after} B brotli; {len(defs) - len(group) + 1} chunks left")


if __name__ == "__main__":
    main()
