"""Every file mnemo-anim writes goes through the one atomic writer (``mnemo_anim.files``).

An AST scan of the package finds every call that writes a file (``open(…, "w")``,
``write_text``, ``write_bytes``, ``os.replace``, ``shutil.copy*``/``move``, ``Image.save``,
``av.open(…, "w")``, ``wave.open(…, "wb")``, ``np.save``) outside ``files.py`` and checks where
it writes: into a path handed out by ``files.atomic_path``/``atomic_dir``/``work_dir`` (or a
path built from one), into memory (``io.BytesIO``), or into a parameter of a function whose
docstring says to pass it a staging path — and then every call of that function in the package
must pass one. Anything else fails with its file and line.

A second test interrupts a render while its sidecars are written and shows that no sidecar is
ever half-written.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mnemo_anim import files

PACKAGE = Path(__file__).resolve().parent.parent / "mnemo_anim"
SAFE_CONTEXTS = {"atomic_path", "atomic_dir", "work_dir"}
MEMORY = {"BytesIO", "StringIO"}
# Writes into a folder the project owns privately, documented here (module:function → why).
DOCUMENTED = {
    "render/writer.py:StreamEncoder.__init__": "Manim's movie file, inside the job's private "
    "media folder (files.work_dir); the runner moves it with files.atomic_path",
}
WRITE_METHODS = {"write_text", "write_bytes", "tofile"}
MOVES = {("os", "replace"), ("os", "rename"), ("shutil", "move")}
COPIES = {("shutil", n) for n in ("copy", "copy2", "copyfile", "copytree", "copyfileobj")}


@dataclass(frozen=True)
class Write:
    module: str
    function: str
    line: int
    what: str
    target: ast.expr | None


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _dotted(node: ast.expr) -> tuple[str, str]:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return "", _name(node)


def _mode(call: ast.Call, position: int) -> str:
    for kw in call.keywords:
        if kw.arg == "mode" and isinstance(kw.value, ast.Constant):
            return str(kw.value.value)
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return str(call.args[position].value)
    return "r"


def _write_of(call: ast.Call) -> tuple[str, ast.expr | None] | None:
    """What a call writes and its target expression, or ``None`` if it writes nothing."""
    owner, name = _dotted(call.func)
    func = call.func
    if name in WRITE_METHODS and isinstance(func, ast.Attribute):
        return name, func.value
    if (owner, name) in MOVES | COPIES:
        return f"{owner}.{name}", call.args[1] if len(call.args) > 1 else None
    if name == "open":
        is_method = isinstance(func, ast.Attribute) and owner not in ("av", "wave", "io", "")
        position = 0 if is_method else 1
        if any(c in _mode(call, position) for c in "wax+"):
            target = func.value if is_method else (call.args[0] if call.args else None)
            return f"{owner or 'builtins'}.open(w)", target
        return None
    if name == "save" or (owner == "np" and name.startswith("save")):
        return f"{owner or '?'}.{name}", call.args[0] if call.args else None
    if (owner, name) == ("json", "dump"):
        return "json.dump", call.args[1] if len(call.args) > 1 else None
    return None


def _root(node: ast.expr | None) -> str:
    """The variable a path expression is built from: ``str(folder / sub / f)`` → ``folder``."""
    while node is not None:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.BinOp):
            node = node.left
        elif isinstance(node, ast.Call) and _name(node.func) in ("str", "Path") and node.args:
            node = node.args[0]
        elif isinstance(node, ast.Attribute) and node.attr in ("parent",):
            node = node.value
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return f"{node.value.id}.{node.attr}"
        else:
            return ""
    return ""


def _bound(func: ast.AST, seeds: dict[str, str]) -> dict[str, str]:
    """Names bound in ``func`` to paths built on a seed (``dest = folder / sub / name``),
    mapped to their seed's kind."""
    bound = dict(seeds)
    changed = True
    while changed:
        changed = False
        for node in ast.walk(func):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = _root(node.targets[0]), node.value
                in_memory = isinstance(value, ast.Call) and _name(value.func) in MEMORY
                kind = "safe" if in_memory else bound.get(_root(value))
                if target and kind is not None and target not in bound:
                    bound[target] = kind
                    changed = True
    return bound


def _safe_names(func: ast.AST) -> set[str]:
    """Names bound to staged, private or in-memory places in ``func`` (and paths built on
    them)."""
    seeds = {
        _root(node.optional_vars): "safe"
        for node in ast.walk(func)
        if isinstance(node, ast.withitem)
        and isinstance(node.context_expr, ast.Call)
        and _name(node.context_expr.func) in SAFE_CONTEXTS
        and node.optional_vars is not None
    }
    return {name for name, kind in _bound(func, seeds).items() if kind == "safe"}


def _param_paths(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """Names that are a parameter of ``func`` or a path built on one, mapped to the parameter."""
    params = {a.arg: a.arg for a in func.args.args}
    return _bound(func, params)


def _functions(tree: ast.AST) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, ast.FunctionDef]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield f"{prefix}{child.name}", child  # type: ignore[misc]
                yield from walk(child, f"{prefix}{child.name}.")

    yield from walk(tree, "")


def scan() -> tuple[list[str], dict[str, tuple[str, int]]]:
    """Problems found, and the functions that write into a parameter (name → (module, index))."""
    problems: list[str] = []
    staged_params: dict[str, tuple[str, int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == "files.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for qualname, func in _functions(tree):
            safe = _safe_names(func)
            params = [a.arg for a in func.args.args]
            from_param = _param_paths(func)
            for node in ast.walk(func):
                if not isinstance(node, ast.Call):
                    continue
                write = _write_of(node)
                if write is None:
                    continue
                what, target = write
                root = _root(target)
                where = f"{module}:{node.lineno} in {qualname}(): {what}"
                if root in safe or f"{module}:{qualname}" in DOCUMENTED:
                    continue
                if root in from_param:
                    # Writes where its caller says: a public function must tell callers to
                    # pass a staging path; every call in the package is checked below.
                    doc = ast.get_docstring(func) or ""
                    public = not func.name.startswith("_")
                    if public and "staging" not in doc and "atomic_path" not in doc:
                        problems.append(
                            f"{where} writes its parameter {root!r}, but the "
                            "docstring does not say to pass a staging path"
                        )
                    staged_params[func.name] = (module, params.index(from_param[root]))
                    continue
                problems.append(
                    f"{where} writes {ast.unparse(target) if target else '?'} "
                    "directly; write through mnemo_anim.files"
                )
    return problems, staged_params


def _callers_pass_staged_paths(staged: dict[str, tuple[str, int]]) -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for qualname, func in _functions(tree):
            safe = _safe_names(func)
            params = {a.arg for a in func.args.args}
            for node in ast.walk(func):
                if not isinstance(node, ast.Call) or not _calls_staged(node, module, tree, staged):
                    continue
                _, index = staged[_name(node.func)]
                arg = node.args[index] if len(node.args) > index else None
                root = _root(arg)
                if root in safe or (root in params and func.name in staged):
                    continue
                problems.append(
                    f"{module}:{node.lineno} in {qualname}(): {_name(node.func)}() writes "
                    f"{ast.unparse(arg) if arg else '?'}, which is not a staging path"
                )
    return problems


def _calls_staged(
    call: ast.Call, module: str, tree: ast.Module, staged: dict[str, tuple[str, int]]
) -> bool:
    """Whether ``call`` calls one of the ``staged`` functions (not another of that name)."""
    name = _name(call.func)
    if name not in staged:
        return False
    home = staged[name][0]
    stem = Path(home).stem
    if isinstance(call.func, ast.Attribute):
        return isinstance(call.func.value, ast.Name) and call.func.value.id == stem
    if module == home:
        return True
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").endswith(stem)
        and any(alias.name == name for alias in node.names)
        for node in ast.walk(tree)
    )


def test_every_write_goes_through_the_atomic_writer() -> None:
    problems, staged = scan()
    problems += _callers_pass_staged_paths(staged)
    assert not problems, "\n".join(problems)


def test_the_scan_sees_direct_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan is real: a module that writes straight into a folder is reported."""
    bad = tmp_path / "mnemo_anim"
    bad.mkdir()
    (bad / "bad.py").write_text(
        "import os, shutil\n"
        "from mnemo_anim import files\n"
        "def a(out):\n    (out / 'x.srt').write_text('1')\n"
        "def b(out):\n    with open(out / 'y', 'w') as f:\n        f.write('')\n"
        "def c(src, out):\n    shutil.copyfile(src, out / 'z')\n    os.replace(src, out)\n"
        "def d(image, out):\n    image.save(out / 'p.png')\n"
        "def ok(out):\n    with files.atomic_path(out / 'w') as tmp:\n"
        "        (tmp).write_bytes(b'')\n        dest = tmp\n        dest.write_text('')\n"
        "def reads(p):\n    with open(p) as f:\n        return f.read()\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", bad)
    problems, _ = scan()
    lines = sorted(int(p.split(":")[1].split()[0]) for p in problems)
    assert lines == [4, 6, 9, 10, 12], problems


# -- interrupting a render while its sidecars are written -------------------------------------


def test_an_interrupted_sidecar_is_never_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer dies half-way through the second sidecar (after the video is placed): the
    earlier sidecar of that name is untouched, no partial file is visible, nothing is left in
    staging, and a rerun writes every sidecar whole."""
    from mnemo_anim.config.models import RowViewJob
    from mnemo_anim.render import runner

    monkeypatch.setenv(files.CACHE_ENV, str(tmp_path / "cache"))
    out = tmp_path / "output"
    out.mkdir()
    produced = tmp_path / "produced.png"
    _png(produced)
    job = RowViewJob.model_validate(
        {"captions": "auto", "render": {"format": "png", "sections": False, "name": "clip"}}
    )
    steps = (
        ("equation", 0.0, 2.0),
        ("row 0", 2.0, 5.0),
        ("row 1", 5.0, 8.0),
        ("result", 8.0, 10.0),
    )
    (out / "clip.vtt").write_text("WEBVTT\n\nold\n", encoding="utf-8")
    real = files.atomic_path
    calls = {"n": 0}

    def dying(target: Path, *, durable: bool = True):  # type: ignore[no-untyped-def]
        class Dying:
            def __enter__(self) -> Path:
                self.inner = real(target, durable=durable)
                self.tmp = self.inner.__enter__()
                return self.tmp

            def __exit__(self, *exc: object) -> bool:
                calls["n"] += 1
                if Path(target).suffix == ".vtt":
                    data = self.tmp.read_bytes()
                    self.tmp.write_bytes(data[: len(data) // 2])  # half written, then killed
                    error = KeyboardInterrupt()
                    self.inner.__exit__(type(error), error, None)
                    raise error
                return bool(self.inner.__exit__(*exc))

        return Dying()

    monkeypatch.setattr(files, "atomic_path", dying)
    with pytest.raises(KeyboardInterrupt):
        runner._finish(job, produced, out, runner._Made(steps))
    assert (out / "clip.png").is_file()  # the picture was placed first
    assert (out / "clip.vtt").read_text(encoding="utf-8") == "WEBVTT\n\nold\n"
    assert not [p for p in out.iterdir() if p.name.startswith(files.PARTIAL_PREFIX)]
    assert not list((tmp_path / "cache" / "staging").glob("*"))
    srt = (out / "clip.srt").read_text(encoding="utf-8")
    assert srt.rstrip().endswith(job.caption_texts()["result"].split()[-1])  # whole, not cut

    monkeypatch.setattr(files, "atomic_path", real)
    runner._finish(job, produced, out, runner._Made(steps))
    from mnemo_anim.render.captions import to_srt, to_vtt

    texts = job.caption_texts()
    assert (out / "clip.vtt").read_text(encoding="utf-8") == to_vtt(steps, texts)
    assert (out / "clip.srt").read_text(encoding="utf-8") == to_srt(steps, texts)


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (64, 36), (10, 20, 30)).save(path)
