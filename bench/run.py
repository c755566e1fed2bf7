"""Time hmip-docs against its peers, side by side in one run, and record the ratios.

Every measurement runs whole processes (as a hook or CI job does), several times, interleaving
hmip-docs with its peer so that both see the same machine; the minimum and the median of each
are kept and compared as ratios. The inputs are generated afresh in a temporary folder on each
run (nothing is cached between runs):

- the 2021/22 record as it is;
- that record with 100 times the suggestions, outcomes and respondents (distinct topics, ids and
  organisations, with a registry extended to match), still valid;
- folders of 10, 100 and 1,000 distinct valid records, and a folder of invalid ones;
- 100 distinct records to build as documents, and their Markdown (``hmip_docs.export.markdown``)
  for pandoc;
- ten editions of the record, one a year from 2021/2022, each answering the commitments of the
  one before, for ``new`` and ``commitments``, timed against ``validate`` of the same records.

The peers (check-jsonschema, and pandoc as pypandoc-binary ships it) are installed into a virtual
environment of their own, ``bench/.tools/``, from the pinned ``bench/requirements.txt``; the
"bare" floors (``bare_validate.py``, ``bare_docx.py``) run in the project's environment.

Usage: python bench/run.py [--quick] [--repeat N] [--out FILE] [--keep]

``--quick`` uses tiny sizes and one repeat: it only proves that every measurement runs (CI).
A full run prints the table, writes ``bench/results.json`` and puts the table into the
"Performance" section of ``bench/README.md``.

Long because each measurement builds its own inputs and its own peer beside hmip-docs (the bare
jsonschema, docxtpl and pandoc pipelines); they share the timing, table and results code here,
and splitting them would spread one benchmark's method over several files.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from hmip_docs.load.yamlload import load_file  # noqa: E402

RECORD = ROOT / "records" / "2021-22" / "consultation-response.yaml"
REGISTRY = ROOT / "records" / "organisations.yaml"
SCHEMA = ROOT / "schemas" / "consultation-response.schema.json"
TEMPLATE = ROOT / "templates" / "consultation-response.docx"
NEXT_EDITION = ROOT / "tests" / "fixtures" / "2022-23" / "consultation-response.yaml"
"""A second edition (2022/23: new question, respondents gone, years moved on), for review."""
TOOLS = BENCH / ".tools"
REQUIREMENTS = BENCH / "requirements.txt"
README = BENCH / "README.md"
RESULTS = BENCH / "results.json"
TABLE_START, TABLE_END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass(frozen=True)
class Sizes:
    """How big the generated inputs are."""

    scale: int
    """How many times the large record repeats the suggestions, outcomes and respondents."""
    folders: tuple[int, int, int]
    """Record counts of the three folders validated (small, middle, large)."""
    invalid: int
    documents: int
    repeat: int
    """Timed runs of each command (after one untimed warm-up run)."""
    repeat_slow: int
    """Timed runs of commands over the large folder, whose peer takes minutes."""
    warm_up: bool = True
    """Run each command once untimed first (bytecode caches, page cache)."""


FULL = Sizes(
    scale=100, folders=(10, 100, 1000), invalid=100, documents=100, repeat=7, repeat_slow=3
)
QUICK = Sizes(
    scale=3, folders=(2, 4, 8), invalid=3, documents=2, repeat=1, repeat_slow=1, warm_up=False
)

TARGETS = {
    "validate-one": 0.33,
    "validate-many": 0.10,
    "validate-scaling": 1.2,
    "docx-one": 1.3,
    "docx-many": 0.5,
    "memory-many": 2.0,
    "diff-editions": 1.5,
    "redline": 2.0,
    "new-editions": 1.5,
    "commitments-editions": 1.5,
}
"""The most each ratio may be (hmip-docs over its peer, or large over small)."""


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the peers' venv


def tools() -> Path:
    """The peers' virtual environment, made from bench/requirements.txt when missing or stale."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = TOOLS / ".installed"
    with open(BENCH / ".tools.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a test and `make bench` may start together
        if stamp.is_file() and stamp.read_text() == digest:
            return TOOLS
        log(f"installing check-jsonschema and pandoc into {TOOLS.relative_to(ROOT)}")
        shutil.rmtree(TOOLS, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True, timeout=600)
        pip = [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
        done = subprocess.run(
            [*pip, "-r", str(REQUIREMENTS)],
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
        if done.returncode:
            raise SystemExit(f"bench: cannot install the peers:\n{done.stdout}{done.stderr}")
        stamp.write_text(digest)
    return TOOLS


def pandoc(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages/pypandoc/files/pandoc"))
    if not found:
        raise SystemExit("bench: pypandoc-binary installed no pandoc binary")
    return found[0]


def version(command: Sequence[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


# --------------------------------------------------------------------------- inputs


def _load(path: Path) -> dict[str, Any]:
    loaded = load_file(path)
    if loaded.document is None:
        raise SystemExit(f"bench: cannot load {path}: {loaded.findings}")
    return loaded.document.data


def _dump(data: Mapping[str, Any], path: Path) -> None:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def _areas(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for question in record["responses"]["questions"]:
        yield from question["areas"]


def variant(record: Mapping[str, Any], number: int) -> dict[str, Any]:
    """A distinct valid record: every suggestion's topic carries the variant's number."""
    out = copy.deepcopy(dict(record))
    for area in _areas(out):
        for suggestion in area["suggestions"]:
            suggestion["topic"] = f"{suggestion['topic']} (variant {number})"
    return out


_OUTCOME_PATH = re.compile(r"^(/responses/questions/\d+/areas/\d+/outcomes/)(\d+)(/.*)?$")
"""A suppression's path into an outcome: the outcomes up to the index, the index, the rest."""


def _copied_suppressions(record: Mapping[str, Any], times: int) -> list[dict[str, Any]]:
    """The record's suppressions of findings in an outcome, once for each copy of it that
    ``scaled`` appends (the copies hold the same prose, so the same finding)."""
    copies: list[dict[str, Any]] = []
    for entry in record.get("suppressions", []):
        match = _OUTCOME_PATH.match(str(entry.get("path", "")))
        if match is None:
            continue
        area: Any = record
        for part in match.group(1).strip("/").split("/")[:-1]:
            area = area[int(part)] if part.isdigit() else area[part]
        count = len(area["outcomes"]) // times
        for copy_number in range(1, times):
            index = copy_number * count + int(match.group(2))
            path = f"{match.group(1)}{index}{match.group(3) or ''}"
            copies.append({**entry, "path": path})
    return copies


def _letters(number: int) -> str:
    """``number`` in letters (1 is A, 27 is AA): a name with no digits a rule could read as a
    year."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def scaled(
    record: Mapping[str, Any], registry: Mapping[str, Any], times: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record with ``times`` as many outcomes, suggestions and respondents, all distinct, and
    the registry extended with the organisations the new respondents name."""
    out = copy.deepcopy(dict(record))
    orgs = copy.deepcopy(dict(registry))
    for area in _areas(out):
        outcomes, suggestions = list(area["outcomes"]), list(area["suggestions"])
        for copy_number in range(1, times):
            for outcome in outcomes:
                area["outcomes"].append({**outcome, "id": f"{outcome['id']}-{copy_number}"})
            for suggestion in suggestions:
                area["suggestions"].append(
                    {
                        **suggestion,
                        "topic": f"{suggestion['topic']} (copy {copy_number})",
                        "outcome": f"{suggestion['outcome']}-{copy_number}",
                    }
                )
    out["suppressions"] = [*out.get("suppressions", []), *_copied_suppressions(out, times)]
    respondents = out["respondents"]["list"]
    extra = len(respondents) * (times - 1)
    for number in range(1, extra + 1):
        org_id = f"bench-respondent-{number}"
        name = f"Bench Respondent {_letters(number)}"
        orgs["organisations"].append({"id": org_id, "kind": "other", "names": [{"name": name}]})
        respondents.append({"organisation": org_id, "printed": name})
    return out, orgs


def _rename(mapping: dict[str, Any], old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


def _first_suggestion(record: dict[str, Any]) -> dict[str, Any]:
    suggestion: dict[str, Any] = next(_areas(record))["suggestions"][0]
    return suggestion


def _first_joint(record: dict[str, Any]) -> dict[str, Any]:
    for question in record["questions"]:
        programme = question["decision"].get("programme") or {}
        for strand in programme.get("strands", ()):
            for thematic in strand["thematics"]:
                if thematic.get("partners"):
                    found: dict[str, Any] = thematic
                    return found
    raise SystemExit("bench: the record has no joint thematic")


_MISTAKES: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("misspelt field", lambda r: _rename(r["document"], "programme_year", "programme_yaer")),
    ("missing outcome", lambda r: _first_suggestion(r).pop("outcome")),
    ("wrong type", lambda r: r.update(schema_version="one")),
    ("impossible date", lambda r: r["consultation"].update(letter_issued="2021-02-30")),
    ("unknown organisation", lambda r: r["respondents"]["list"][0].update(organisation="nappo")),
    ("unknown outcome", lambda r: _first_suggestion(r).update(outcome="no-such-outcome")),
    ("lead as partner", lambda r: _first_joint(r)["partners"].append(_first_joint(r)["lead"])),
    ("YAML syntax", lambda r: None),
)
"""One mistake per invalid record, in turn: schema failures, rule failures and a file that is
not YAML at all."""


def write_invalid(record: Mapping[str, Any], count: int, folder: Path) -> list[str]:
    """Write ``count`` invalid records, each with one mistake; return which one each has."""
    what: list[str] = []
    for number in range(count):
        name, mistake = _MISTAKES[number % len(_MISTAKES)]
        data = variant(record, number)
        mistake(data)
        path = folder / f"invalid-{number:04d}.yaml"
        _dump(data, path)
        if name == "YAML syntax":
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("\nconsultees:\n", "\nconsultees\n", 1), "utf-8")
        what.append(name)
    return what


EDITIONS = 10
"""How many yearly editions ``new`` and ``commitments`` are timed over."""

_SHIFTED = re.compile(r"(?<![0-9])(2019|202[0-4])(?![0-9])")
"""The years of the record's programme, dates and prose (not its Acts of 2000 and 2006)."""


def _answers(previous: Path, year: int) -> str:
    """A ``commitments:`` part answering every commitment the edition at ``previous`` made."""
    from hmip_docs.validate.cycle.reading import read, vocabulary

    edition = read(previous, vocabulary(REGISTRY)).edition
    made = [m for m in edition.made if m.for_year == year]
    lines = ["commitments:"]
    for entry in made:
        lines += [
            f"  - made_in: {year - 1}/{year}",
            f"    what: {json.dumps(entry.what)}",
            "    outcome: dropped",
            "    reason: Not taken forward in this edition.",
        ]
    return "\n".join(lines) + "\n\n"


def _later(step: int) -> Callable[[re.Match[str]], str]:
    def move(match: re.Match[str]) -> str:
        return str(int(match.group(1)) + step)

    return move


def make_editions(work: Path, count: int) -> Path:
    """A project of ``count`` valid yearly editions (2021-22 onwards): the record with its years
    moved on, each answering the commitments of the one before."""
    records = work / "records"
    records.mkdir(parents=True)
    shutil.copyfile(REGISTRY, records / "organisations.yaml")
    shutil.copyfile(REGISTRY.with_name("decisions.yaml"), records / "decisions.yaml")
    text = RECORD.read_text(encoding="utf-8")
    previous: Path | None = None
    for step in range(count):
        year = 2021 + step
        moved = _SHIFTED.sub(_later(step), text)
        if previous is not None:
            moved = moved.replace(
                "\nsuppressions:\n", "\n" + _answers(previous, year) + "suppressions:\n"
            )
        path = records / f"{year}-{(year + 1) % 100:02d}" / "consultation-response.yaml"
        path.parent.mkdir()
        path.write_text(moved, encoding="utf-8")
        previous = path
    return work


@dataclass(frozen=True)
class Inputs:
    """The generated files and folders."""

    root: Path
    record: Path
    large: Path
    large_registry: Path
    folders: dict[int, Path]
    invalid: Path
    documents: Path
    markdown: list[Path]
    edition: Path
    """Next year's edition of ``record``, to compare it with."""
    editions: Path


def make_inputs(work: Path, sizes: Sizes) -> Inputs:
    """Generate every input under ``work`` (a project of its own, with ``records/``)."""
    from hmip_docs.context import model
    from hmip_docs.export import markdown as text
    from hmip_docs.record.organisations import Registry

    record = _load(RECORD)
    registry = _load(REGISTRY)
    records = work / "records"
    records.mkdir(parents=True)
    shutil.copyfile(REGISTRY, records / "organisations.yaml")
    shutil.copyfile(REGISTRY.with_name("decisions.yaml"), records / "decisions.yaml")
    one = records / "2021-22" / "consultation-response.yaml"
    one.parent.mkdir()
    shutil.copyfile(RECORD, one)

    large_root = work / "large"
    large_data, large_registry = scaled(record, registry, sizes.scale)
    large = large_root / "records" / "large" / "2021-22" / "consultation-response.yaml"
    _dump(large_data, large)
    _dump(large_registry, large_root / "records" / "organisations.yaml")
    shutil.copyfile(REGISTRY.with_name("decisions.yaml"), large_root / "records" / "decisions.yaml")

    folders: dict[int, Path] = {}
    for count in sizes.folders:
        folder = records / f"many-{count}"
        for number in range(count):  # each record in the folder of its programme year
            _dump(variant(record, number), folder / "2021-22" / f"record-{number:04d}.yaml")
        folders[count] = folder

    invalid = records / "invalid"
    (invalid / "2021-22").mkdir(parents=True)
    write_invalid(record, sizes.invalid, invalid / "2021-22")

    documents = records / "documents"
    markdown_dir = work / "markdown"
    markdown_dir.mkdir()
    orgs = Registry.from_data(registry)
    markdown: list[Path] = []
    for number in range(sizes.documents):
        data = variant(record, number)
        _dump(data, documents / "2021-22" / f"record-{number:04d}.yaml")
        target = markdown_dir / f"record-{number:04d}.md"
        target.write_text(text.markdown(model.build(data, orgs)), encoding="utf-8")
        markdown.append(target)
    edition = records / "2022-23" / "consultation-response.yaml"
    edition.parent.mkdir()
    shutil.copyfile(NEXT_EDITION, edition)
    return Inputs(
        edition=edition,
        root=work,
        record=one,
        large=large,
        large_registry=large_root / "records" / "organisations.yaml",
        folders=folders,
        invalid=invalid,
        documents=documents,
        markdown=markdown,
        editions=make_editions(work.parent / "editions", EDITIONS),
    )


# --------------------------------------------------------------------------- running and timing


@dataclass(frozen=True)
class Command:
    """One command as the benchmark runs it."""

    name: str
    argv: tuple[str, ...]
    cwd: Path
    exit_codes: tuple[int, ...] = (0,)


@dataclass
class Timing:
    """Wall-clock seconds of each timed run, and processor seconds (user + system)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.wall)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    def as_json(self, per: int = 1) -> dict[str, Any]:
        return {
            "min": self.min / per,
            "median": self.median / per,
            "runs": [w / per for w in self.wall],
            "cpu_min": min(self.cpu) / per,
        }


def environment() -> dict[str, str]:
    """The environment commands run in: the caller's, but with bytecode caching on, as on any
    machine where the tools are installed normally (both tools are measured warm)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


ENV = environment()


def run_once(command: Command, *, output: Path | None = None) -> tuple[float, float]:
    """Run the command once; return (wall seconds, processor seconds of it and its children)."""
    sink = open(output, "wb") if output else open(os.devnull, "wb")  # noqa: SIM115
    with sink:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command.argv, cwd=command.cwd, env=ENV, stdout=sink, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in command.exit_codes:
        if output is None:  # run it again to show what went wrong
            with tempfile.TemporaryDirectory() as folder:
                return run_once(command, output=Path(folder) / "failed.log")
        shown = output.read_text(errors="replace")[-3000:]
        raise SystemExit(
            f"bench: {command.name} exited with {proc.returncode}, expected "
            f"{' or '.join(map(str, command.exit_codes))}: {' '.join(command.argv)}\n{shown}"
        )
    return wall, usage.ru_utime + usage.ru_stime


def warm_up(commands: Sequence[Command], scratch: Path) -> None:
    """One untimed run of each command: writes bytecode caches, fills the page cache, and
    checks each exits as expected (a generated record that is not valid stops the run here)."""
    for command in commands:
        run_once(command, output=scratch / "warm-up.log")


def time_side_by_side(commands: Sequence[Command], repeat: int) -> list[Timing]:
    """Time the commands in turn, ``repeat`` rounds, so that all see the same machine."""
    timings = [Timing() for _ in commands]
    for _ in range(repeat):
        for command, timing in zip(commands, timings, strict=True):
            wall, cpu = run_once(command)
            timing.wall.append(wall)
            timing.cpu.append(cpu)
    return timings


def run_series(commands: Sequence[Command], repeat: int, before: Callable[[], None]) -> Timing:
    """Time commands that must run one after another as one unit (pandoc over many files)."""
    timing = Timing()
    for _ in range(repeat):
        before()
        wall = cpu = 0.0
        for command in commands:
            one_wall, one_cpu = run_once(command)
            wall += one_wall
            cpu += one_cpu
        timing.wall.append(wall)
        timing.cpu.append(cpu)
    return timing


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found.extend(int(child) for child in stream.read().split())
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def peak_memory(command: Command, interval: float = 0.002) -> dict[str, float]:
    """Peak of the summed proportional set size (PSS) of the process and all its descendants,
    sampled every ``interval`` seconds: pages shared between a worker pool's processes are
    counted once in all, not once per process. Also the largest single process's peak RSS."""
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(
            command.argv, cwd=command.cwd, env=ENV, stdout=sink, stderr=subprocess.STDOUT
        )
        peak = 0
        most = 1
        while True:
            pids = [proc.pid]
            index = 0
            while index < len(pids):
                pids.extend(_children(pids[index]))
                index += 1
            total = sum(_pss_kib(pid) for pid in pids)
            peak = max(peak, total)
            most = max(most, len(pids))
            finished = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if finished is not None:
                break
            time.sleep(interval)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in command.exit_codes:
        raise SystemExit(f"bench: {command.name} exited with {proc.returncode}")
    return {
        "peak_pss_mib": peak / 1024,
        "max_rss_mib": usage.ru_maxrss / 1024,
        "processes": most,
    }


# --------------------------------------------------------------------------- the measurements


def pair(
    name: str,
    label: str,
    ours: Command,
    peer: Command,
    repeat: int,
    *,
    per: int = 1,
    extra: Command | None = None,
) -> dict[str, Any]:
    log(f"{label}: {repeat} run(s) each")
    commands = [ours, peer] + ([extra] if extra else [])
    timings = time_side_by_side(commands, repeat)
    result: dict[str, Any] = {
        "label": label,
        "peer": peer.name,
        "ours": timings[0].as_json(per),
        "theirs": timings[1].as_json(per),
        "ratio_min": timings[0].min / timings[1].min,
        "ratio_median": timings[0].median / timings[1].median,
        "per": per,
    }
    if extra is not None:
        result["floor"] = {"name": extra.name, **timings[2].as_json(per)}
        result["floor_ratio_min"] = timings[2].min / timings[1].min
    return _judge(name, result, "ratio_min")


def _judge(name: str, result: dict[str, Any], key: str) -> dict[str, Any]:
    target = TARGETS.get(name)
    if target is not None:
        result["target"] = target
        result["met"] = result[key] <= target
    return result


def measure_cycle(project: Path, ours: tuple[str, ...], sizes: Sizes) -> dict[str, Any]:
    """``new`` (next year's edition) and ``commitments`` (the ledger) over the editions, each
    against ``validate`` of the same records, in turns; the new edition is removed before each
    run, so every ``new`` starts the same year."""
    year = 2021 + EDITIONS
    made = project / "records" / f"{year}-{(year + 1) % 100:02d}"
    check = Command("hmip-docs validate", (*ours, "validate"), project)
    commands = {
        "new-editions": Command("hmip-docs new", (*ours, "new", f"{year}/{year + 1}"), project),
        "commitments-editions": Command("hmip-docs commitments", (*ours, "commitments"), project),
    }
    labels = {
        "new-editions": f"start next year's edition (new), {EDITIONS} editions",
        "commitments-editions": f"ledger of commitments, {EDITIONS} editions",
    }
    log(f"new and commitments over {EDITIONS} editions: {sizes.repeat} run(s) each")
    order = [check, *commands.values()]
    timings = {command.name: Timing() for command in order}
    for number in range(sizes.repeat + (1 if sizes.warm_up else 0)):
        for command in order:
            shutil.rmtree(made, ignore_errors=True)
            wall, cpu = run_once(command)
            if number or not sizes.warm_up:
                timings[command.name].wall.append(wall)
                timings[command.name].cpu.append(cpu)
    shutil.rmtree(made, ignore_errors=True)
    theirs = timings[check.name]
    results: dict[str, Any] = {}
    for key, command in commands.items():
        timing = timings[command.name]
        results[key] = _judge(
            key,
            {
                "label": labels[key],
                "peer": "hmip-docs validate, same records",
                "ours": timing.as_json(),
                "theirs": theirs.as_json(),
                "ratio_min": timing.min / theirs.min,
                "ratio_median": timing.median / theirs.median,
                "per": 1,
                "editions": EDITIONS,
            },
            "ratio_min",
        )
    return results


def measure(inputs: Inputs, sizes: Sizes, venv: Path, scratch: Path) -> dict[str, Any]:
    bin_dir = Path(sys.executable).parent
    hmip = str(bin_dir / "hmip-docs") if (bin_dir / "hmip-docs").exists() else None
    ours_argv: tuple[str, ...] = (hmip,) if hmip else (sys.executable, "-m", "hmip_docs")
    check = (str(venv / "bin" / "check-jsonschema"), "--schemafile", str(SCHEMA))
    root = inputs.root
    small, middle, large = sizes.folders

    def files(folder: Path) -> tuple[str, ...]:
        return tuple(str(p) for p in sorted(folder.glob("**/*.yaml")))

    def validate(*paths: Path, cwd: Path = root, codes: tuple[int, ...] = (0,)) -> Command:
        argv = (*ours_argv, "validate", *map(str, paths))
        return Command("hmip-docs validate", argv, cwd, codes)

    def checkjs(*paths: str, codes: tuple[int, ...] = (0,)) -> Command:
        return Command("check-jsonschema", (*check, *paths), root, codes)

    bare = (sys.executable, str(BENCH / "bare_validate.py"), str(SCHEMA))
    out = scratch / "out"
    one_docx = out / "one.docx"
    docx_one = Command(
        "hmip-docs docx", (*ours_argv, "docx", "-o", str(one_docx), str(inputs.record)), root
    )
    bare_docx = Command(
        "bare docxtpl pipeline",
        (
            sys.executable,
            str(BENCH / "bare_docx.py"),
            str(SCHEMA),
            str(REGISTRY),
            str(TEMPLATE),
            str(inputs.record),
            str(out / "bare.docx"),
        ),
        root,
    )
    docx_many = Command(
        "hmip-docs docx",
        (*ours_argv, "docx", "--out-dir", str(out / "many"), str(inputs.documents)),
        root,
    )
    pandoc_bin = str(pandoc(venv))
    pandoc_runs = [
        Command(
            "pandoc",
            (pandoc_bin, str(md), "--reference-doc", str(TEMPLATE), "-o", f"{out}/{md.stem}.docx"),
            root,
        )
        for md in inputs.markdown
    ]
    editions = (str(inputs.record), str(inputs.edition))
    diff_editions = Command("hmip-docs diff", (*ours_argv, "diff", *editions), root)
    validate_both = Command("hmip-docs validate of both", (*ours_argv, "validate", *editions), root)
    redline = Command(
        "hmip-docs redline",
        (*ours_argv, "redline", *editions, "-o", str(out / "redline.docx")),
        root,
    )
    docx_edition = Command(
        "hmip-docs docx of the new edition",
        (*ours_argv, "docx", "-o", str(out / "edition.docx"), str(inputs.edition)),
        root,
    )
    out.mkdir(parents=True, exist_ok=True)

    scaling_commands = {count: validate(inputs.folders[count]) for count in sizes.folders}
    if sizes.warm_up:
        log("warming up (one untimed run of every command)")
    warm_up(
        [
            validate(inputs.record),
            checkjs(str(inputs.record)),
            validate(inputs.large, cwd=inputs.large.parents[2]),
            *scaling_commands.values(),
            Command("bare", (*bare, *files(inputs.folders[small])), root),
            validate(inputs.invalid, codes=(1,)),
            checkjs(*files(inputs.invalid), codes=(1,)),
            docx_one,
            bare_docx,
            diff_editions,
            validate_both,
            redline,
            docx_edition,
            docx_many,
            pandoc_runs[0],
        ]
        if sizes.warm_up
        else [],
        scratch,
    )
    results: dict[str, Any] = {}
    results["validate-one"] = pair(
        "validate-one",
        "validate one record",
        validate(inputs.record),
        checkjs(str(inputs.record)),
        sizes.repeat,
    )
    results["validate-many"] = pair(
        "validate-many",
        f"validate {large:,} records",
        scaling_commands[large],
        checkjs(*files(inputs.folders[large])),
        sizes.repeat_slow,
        extra=Command(
            "bare C loader + jsonschema-rs", (*bare, *files(inputs.folders[large])), root
        ),
    )
    results["validate-many"]["files"] = large
    results["validate-invalid"] = pair(
        "validate-invalid",
        f"validate {sizes.invalid:,} invalid records",
        validate(inputs.invalid, codes=(1,)),
        checkjs(*files(inputs.invalid), codes=(1,)),
        sizes.repeat_slow,
    )
    results["validate-invalid"]["files"] = sizes.invalid

    log(f"validate {small}, {middle} and {large} records: scaling")
    # The three sizes in turns, several rounds. The cost of a record is the processor time it
    # takes (all processes: the worker pool's included): a quadratic rule shows there whatever
    # the pool's share-out, and it is disturbed less by other work on the machine than the
    # wall-clock time, whose marginals (from medians and from minimums) are shown beside it.
    sizes_timed = (small, middle, large)
    scaling = time_side_by_side([scaling_commands[count] for count in sizes_timed], sizes.repeat)

    def marginals(pick: Callable[[Timing], float]) -> tuple[float, float]:
        times = {count: pick(t) for count, t in zip(sizes_timed, scaling, strict=True)}
        low = (times[middle] - times[small]) / (middle - small)
        high = (times[large] - times[middle]) / (large - middle)
        return max(low, 1e-9), high  # tiny quick runs can come out level

    marginal_low, marginal_high = marginals(lambda t: statistics.median(t.cpu))
    wall_low, wall_high = marginals(lambda t: t.median)
    min_low, min_high = marginals(lambda t: t.min)
    results["validate-scaling"] = _judge(
        "validate-scaling",
        {
            "label": f"marginal cost per record, {middle}→{large} over {small}→{middle}",
            "seconds": {str(c): t.median for c, t in zip(sizes_timed, scaling, strict=True)},
            "per_file": {str(c): t.median / c for c, t in zip(sizes_timed, scaling, strict=True)},
            "marginal_low": marginal_low,
            "marginal_high": marginal_high,
            "ratio": marginal_high / marginal_low,
            "wall_ratio_median": wall_high / wall_low,
            "wall_ratio_min": min_high / min_low,
            "runs": {str(c): t.wall for c, t in zip(sizes_timed, scaling, strict=True)},
            "cpu_runs": {str(c): t.cpu for c, t in zip(sizes_timed, scaling, strict=True)},
        },
        "ratio",
    )

    results["docx-one"] = pair("docx-one", "build one document", docx_one, bare_docx, sizes.repeat)
    # Review: each against the command of hmip-docs it does the work of and more, in this run.
    results["diff-editions"] = pair(
        "diff-editions", "diff two editions", diff_editions, validate_both, sizes.repeat
    )
    results["redline"] = pair(
        "redline", "redline of two editions", redline, docx_edition, sizes.repeat
    )
    log(f"build {sizes.documents} documents: hmip-docs in one run, pandoc one after another")
    ours_many = Timing()
    for _ in range(sizes.repeat_slow):
        shutil.rmtree(out / "many", ignore_errors=True)
        wall, cpu = run_once(docx_many)
        ours_many.wall.append(wall)
        ours_many.cpu.append(cpu)
    theirs_many = run_series(pandoc_runs, sizes.repeat_slow, lambda: None)
    count = sizes.documents
    results["docx-many"] = _judge(
        "docx-many",
        {
            "label": f"build {count} documents, per document",
            "peer": "pandoc",
            "ours": ours_many.as_json(count),
            "theirs": theirs_many.as_json(count),
            "ratio_min": ours_many.min / theirs_many.min,
            "ratio_median": ours_many.median / theirs_many.median,
            "per": count,
            "documents": count,
        },
        "ratio_min",
    )

    results.update(measure_cycle(inputs.editions, ours_argv, sizes))

    log("peak memory")
    large_memory = peak_memory(validate(inputs.large, cwd=inputs.large.parents[2]))
    large_memory_peer = peak_memory(checkjs(str(inputs.large)))
    results["memory-large-record"] = {
        "label": f"peak memory, one record with {sizes.scale} times the entries",
        "bytes": inputs.large.stat().st_size,
        "ours": large_memory,
        "theirs": large_memory_peer,
        "peer": "check-jsonschema",
    }
    memory_small = [peak_memory(scaling_commands[small]) for _ in range(sizes.repeat_slow)]
    memory_large = [peak_memory(scaling_commands[large]) for _ in range(sizes.repeat_slow)]
    low = min(m["peak_pss_mib"] for m in memory_small)
    high = max(m["peak_pss_mib"] for m in memory_large)
    results["memory-many"] = _judge(
        "memory-many",
        {
            "label": f"peak memory, {large:,} records over {small}",
            "small": {"files": small, **min(memory_small, key=lambda m: m["peak_pss_mib"])},
            "large": {"files": large, **max(memory_large, key=lambda m: m["peak_pss_mib"])},
            "ratio": high / low,
        },
        "ratio",
    )
    return results


# --------------------------------------------------------------------------- reporting


def machine(venv: Path) -> dict[str, Any]:
    def first(path: str, key: str) -> str:
        with contextlib.suppress(OSError):
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        return "?"

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    if commit and dirty:
        commit += " with uncommitted changes"
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg()[0],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "?",
        "check_jsonschema": version([str(venv / "bin" / "check-jsonschema"), "--version"]),
        "pandoc": version([str(pandoc(venv)), "--version"]),
    }


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def table(results: Mapping[str, Any]) -> list[str]:
    """The results as a Markdown table (which also reads well in a terminal)."""
    rows = [
        "| measurement | hmip-docs min / median | peer | peer min / median | ratio min (median)"
        " | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]

    def verdict(entry: Mapping[str, Any]) -> tuple[str, str]:
        if "target" not in entry:
            return "", ""
        return f"≤ {entry['target']}", "yes" if entry["met"] else "**no**"

    timed = ("validate-one", "validate-many", "validate-invalid", "docx-one", "docx-many")
    for key in (*timed, "new-editions", "commitments-editions", "diff-editions", "redline"):
        if key not in results:  # a results file from before the measurement was added
            continue
        entry = results[key]
        ours, theirs = entry["ours"], entry["theirs"]
        target, met = verdict(entry)
        per = " per document" if key == "docx-many" else ""
        rows.append(
            f"| {entry['label']} | {_seconds(ours['min'])} / {_seconds(ours['median'])}{per} "
            f"| {entry['peer']} | {_seconds(theirs['min'])} / {_seconds(theirs['median'])} "
            f"| {entry['ratio_min']:.2f} ({entry['ratio_median']:.2f}) | {target} | {met} |"
        )
        if "floor" in entry:
            floor = entry["floor"]
            rows.append(
                f"| ↳ floor: {floor['name']} | {_seconds(floor['min'])} / "
                f"{_seconds(floor['median'])} | {entry['peer']} | | "
                f"{entry['floor_ratio_min']:.2f} | | |"
            )
    scaling = results["validate-scaling"]
    per_file = ", ".join(
        f"{count}: {_seconds(seconds)}" for count, seconds in scaling["per_file"].items()
    )
    target, met = verdict(scaling)
    rows.append(
        f"| {scaling['label']} | wall-clock per record {per_file} | | processor time, "
        f"marginal {_seconds(scaling['marginal_low'])} → {_seconds(scaling['marginal_high'])} "
        f"| {scaling['ratio']:.2f} (wall-clock: {scaling['wall_ratio_median']:.2f} from "
        f"medians, {scaling['wall_ratio_min']:.2f} from minimums) | {target} | {met} |"
    )
    large = results["memory-large-record"]
    rows.append(
        f"| {large['label']} ({large['bytes'] / 1000:,.0f} kB) | "
        f"{large['ours']['peak_pss_mib']:.0f} MiB PSS | {large['peer']} | "
        f"{large['theirs']['peak_pss_mib']:.0f} MiB PSS | "
        f"{large['ours']['peak_pss_mib'] / large['theirs']['peak_pss_mib']:.2f} | | |"
    )
    memory = results["memory-many"]
    target, met = verdict(memory)
    rows.append(
        f"| {memory['label']} | {memory['small']['peak_pss_mib']:.0f} → "
        f"{memory['large']['peak_pss_mib']:.0f} MiB PSS "
        f"({memory['large']['processes']} processes) | | | {memory['ratio']:.2f} "
        f"| {target} | {met} |"
    )
    return rows


def machine_line(info: Mapping[str, Any]) -> str:
    return (
        f"{info['date']}, commit {info['commit']}: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory']} memory, {info['system']}, Python {info['python']}; "
        f"{info['check_jsonschema']}; {info['pandoc']}; load average at start "
        f"{info['load_average_at_start']:.2f}"
    )


def update_readme(rows: Sequence[str], info: Mapping[str, Any]) -> None:
    """Put the table in the Performance sections of bench/README.md and the project README."""
    body = "\n".join(["", f"Last run: {machine_line(info)}.", "", *rows, ""])
    for readme in (README, ROOT / "README.md"):
        text = readme.read_text(encoding="utf-8")
        if TABLE_START not in text or TABLE_END not in text:
            log(f"{readme} has no {TABLE_START} … {TABLE_END} section; not updated")
            continue
        head, rest = text.split(TABLE_START, 1)
        _, tail = rest.split(TABLE_END, 1)
        readme.write_text(head + TABLE_START + body + TABLE_END + tail, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run (for CI)")
    parser.add_argument("--repeat", type=int, help="timed runs of each command")
    parser.add_argument("--out", type=Path, help=f"results file (default: {RESULTS})")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.repeat:
        sizes = dataclasses.replace(sizes, repeat=args.repeat)
    out = args.out or RESULTS

    venv = tools()
    info = machine(venv)
    work = Path(tempfile.mkdtemp(prefix="hmip-bench-"))
    try:
        log(f"generating inputs in {work}")
        inputs = make_inputs(work / "project", sizes)
        results = measure(inputs, sizes, venv, work)
    finally:
        if args.keep:
            log(f"inputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    info["load_average_at_end"] = os.getloadavg()[0]
    document = {
        "quick": args.quick,
        "sizes": dataclasses.asdict(sizes),
        "machine": info,
        "measurements": results,
    }
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    rows = table(results)
    print(f"\n{machine_line(info)}\n")
    print("\n".join(rows))
    if not args.quick and args.out is None:
        update_readme(rows, info)
    missed = [key for key, entry in results.items() if entry.get("met") is False]
    if missed:
        print(f"\ntargets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
