"""The command line: parse options, run one command, print its report, return its exit code.

Exit codes: 0 valid (warnings allowed, unless --strict), 1 findings, 2 the command could not run
or the tool itself failed, 130 interrupted (Ctrl-C). Unexpected exceptions are caught here, once,
and reported as the tool's fault (``--debug`` shows the traceback); a standard stream that cannot
be written (closed, a full disk) is the user's situation, not a fault. Every output goes through
``write``, which refuses to replace an input or anything but a regular file.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmip_docs import __version__

if TYPE_CHECKING:  # the commands import what they use, so `validate` stays light
    from hmip_docs.core.findings import Finding
    from hmip_docs.export.build import Built
    from hmip_docs.export.write import Protected
    from hmip_docs.load.config import Config
    from hmip_docs.record.organisations import Registry
    from hmip_docs.render.sandbox import Renderer
    from hmip_docs.validate.validator import Checked, Result

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as a shell reports a program the signal stopped."""


class UsageError(Exception):
    """The command cannot run as asked (missing file, bad configuration, unwritable output)."""


class StreamError(Exception):
    """Standard output could not be written (closed, a full disk, a pipe closed early)."""


def _out(text: str) -> None:
    """Write ``text`` to standard output, now: a failure is the stream's, not the tool's. A
    reader that stopped reading (``| head``) ends the run quietly."""
    stream = sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        _discard(stream)
        if isinstance(error, BrokenPipeError):
            raise StreamError("") from error
        raise StreamError(f"cannot write to standard output: {error.strerror or error}") from error


def _stream_failed(error: StreamError) -> None:
    if str(error):
        _say(f"hmip-docs: {error}")


def _say(text: str) -> None:
    """Print a line to standard error; where that cannot be written, the exit code still tells."""
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        _discard(sys.stderr)


def _flushes(stream: Any) -> bool:
    """Whether what a standard stream holds can be written out (a failed write leaves it held)."""
    try:
        stream.flush()
    except (OSError, ValueError, AttributeError):
        return False
    return True


def _discard(stream: Any) -> None:
    """Point a standard stream that failed at the null device, so that the interpreter's last
    flush of what it still holds does not fail again (a second message and exit code 120)."""
    try:
        fd = stream.fileno()
        if fd not in (1, 2):  # a test's capture, or a stream already replaced: leave it be
            return
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
        stream.flush()
    except (AttributeError, ValueError, OSError):
        pass


def _open_standard_streams() -> bool:
    """Give each closed standard stream (descriptors 0, 1, 2) the null device, so that no file
    opened later takes its place and receives what is meant for it; whether standard output was
    the one closed."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:  # the lowest free descriptor: ``fd`` itself, those below being open
                os.dup2(null, fd)
                os.close(null)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if 1 in closed or sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        return True
    return False


def _columns() -> int:
    """The terminal's width, as ``shutil.get_terminal_size`` finds it (``COLUMNS`` first)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no standard output, or not a terminal
        return 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, given the width: left to itself, argparse imports ``shutil``
    (and with it ``bz2`` and ``lzma``) on every run to ask for it, help or not."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser (its sub-command parsers too) with that help layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse would drop a failure to print help or the version without a word.
        if message and (file is None or file is sys.stdout):
            _out(message)
        elif message:
            _say(message.removesuffix("\n"))


def _parser() -> argparse.ArgumentParser:
    from hmip_docs.report import FORMATS

    parser = _Parser(
        prog="hmip-docs",
        description="Validate consultation-response records and build their Word documents.",
    )
    parser.add_argument("--version", action="version", version=f"hmip-docs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--format",
            choices=sorted(FORMATS),
            default="text",
            help="report format (default: text)",
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="warnings fail too (and, for builds, stop the document as errors do)",
        )
        sub.add_argument(
            "--show-accepted",
            action="store_true",
            help="list accepted findings in full (text, github and markdown count them only)",
        )
        sub.add_argument(
            "--no-color",
            action="store_true",
            help="plain text (also when NO_COLOR is set or output is not a terminal)",
        )
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks of internal errors",
        )

    validate = commands.add_parser("validate", help="check records against the schema and rules")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="record files or folders (default: every record)",
    )
    common(validate)

    def builder(name: str, summary: str) -> None:
        sub = commands.add_parser(name, help=summary)
        sub.add_argument(
            "records",
            nargs="*",
            type=Path,
            metavar="RECORD",
            help="record files or folders (default: every record)",
        )
        sub.add_argument("-o", "--output", type=Path, help="output file (one record only)")
        sub.add_argument("--out-dir", type=Path, help="output folder (default: build/)")
        common(sub)

    builder("docx", "build Word documents from valid records")
    builder("pdf", "build tagged PDFs of valid records (with LibreOffice)")

    text = commands.add_parser("text", help="print a record's document as Markdown, for review")
    text.add_argument("record", type=Path, metavar="RECORD", help="the record file")
    text.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    common(text)

    lint = commands.add_parser("lint-template", help="check Word templates before they are used")
    lint.add_argument(
        "templates",
        nargs="*",
        type=Path,
        metavar="TEMPLATE",
        help="template files (default: the configured template)",
    )
    common(lint)

    upgrade = commands.add_parser(
        "upgrade", help="rewrite a record of an older schema version to the current one"
    )
    upgrade.add_argument("record", type=Path, metavar="RECORD", help="the record file")
    upgrade.add_argument(
        "-o", "--output", type=Path, help="write the upgraded record here (default: in place)"
    )

    schema_cmd = commands.add_parser("schema", help="work with the JSON Schemas")
    schema_sub = schema_cmd.add_subparsers(dest="schema_command", required=True, metavar="ACTION")
    export = schema_sub.add_parser("export", help="copy the schemas into a folder (for editors)")
    export.add_argument("folder", type=Path)
    return parser


def _color(args: argparse.Namespace) -> bool:
    return (
        not args.no_color
        and not os.environ.get("NO_COLOR")  # set and not empty, as no-color.org says
        and args.format == "text"
        and sys.stdout.isatty()
    )


def _sources(files: Sequence[str]) -> dict[str, list[str]]:
    from hmip_docs.load.files import read_regular
    from hmip_docs.load.yamlload import DEFAULT_LIMITS

    out: dict[str, list[str]] = {}
    for name in files:
        try:
            raw = read_regular(Path(name), DEFAULT_LIMITS.max_bytes)  # never a FIFO or device
        except (OSError, ValueError):
            continue
        text = raw.decode("utf-8-sig", errors="replace")
        # Lines end at "\n" only, as the loader counts them (splitlines() would also split
        # at U+2028, form feeds and other characters a bad file may hold).
        out[name] = text.removesuffix("\n").split("\n")
    return out


def _report(findings: Sequence[Finding], result: Result, args: argparse.Namespace) -> None:
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.validate.validator import display

    typed = list(findings)
    # Code frames are shown for standing findings only: read no other file.
    shown = {f.file for f in typed if f.file and f.counts}
    sources = _sources(sorted(shown)) if args.format == "text" else {}
    summary = Summary(
        len(result.files),
        sources,
        _color(args),
        strict=args.strict,
        checked=tuple(display(c.path) for c in result.files),
        show_accepted=args.show_accepted,
    )
    _out(FORMATS[args.format](typed, summary))


def _exit_code(findings: Sequence[Finding], strict: bool) -> int:
    from hmip_docs.core.findings import INTERNAL_ERROR, Severity

    standing = [f for f in findings if f.counts]
    if any(f.rule == INTERNAL_ERROR for f in standing):
        return EXIT_ERROR
    if any(f.severity is Severity.ERROR for f in standing):
        return EXIT_FINDINGS
    if strict and standing:
        return EXIT_FINDINGS
    return EXIT_OK


def _validate(
    args: argparse.Namespace,
    paths: Sequence[Path],
    *,
    keep_data: bool = True,
    cfg: Config | None = None,
) -> tuple[Result, list[Path]]:
    from hmip_docs.load import config
    from hmip_docs.validate import validator as validate

    cfg = cfg or config.load()
    for path in paths:
        if not os.path.lexists(path):  # a broken symbolic link is reported as a finding
            raise UsageError(f"{path}: no such file or folder")
    if not os.path.lexists(cfg.registry):
        raise UsageError(f"the registry {cfg.registry} does not exist")
    if not cfg.registry.is_file():
        from hmip_docs.load.files import read_regular

        try:
            read_regular(cfg.registry, 0)  # only to say what it is: it refuses before opening
        except OSError as error:
            reason = error.strerror or error
            raise UsageError(f"cannot read the registry {cfg.registry}: {reason}") from error
    if not paths and not cfg.records.is_dir():
        raise UsageError(f"the records folder {cfg.records} does not exist")
    found = validate.discover(paths, cfg.records, cfg.registry)
    result = validate.validate(
        found.files, cfg.registry, keep_data=keep_data, problems=found.findings
    )
    return result, found.files


def cmd_validate(args: argparse.Namespace) -> int:
    """``hmip-docs validate``: report every finding of every record."""
    result, _ = _validate(args, args.paths, keep_data=False)  # a report needs no data
    findings = result.findings
    _report(findings, result, args)
    return _exit_code(findings, args.strict)


BUILD_POOL_MIN = 2
"""From this many documents on, ``docx`` builds them in several processes at once."""


def _build_job(
    job: tuple[Checked, Registry, Path, Path, str, bool, Protected],
    renderer: Renderer | None = None,
) -> tuple[Built | None, str | None]:
    """Build one document (in a worker, or by a render process started ahead): the outcome,
    or the message of an error that stops the run (raised by the caller, as the same error
    built here would be)."""
    from hmip_docs.export import build, write
    from hmip_docs.render.errors import RenderError

    checked, registry, template, destination, file, strict, protected = job
    try:
        built = build.build_one(
            checked, registry, template, destination, file, renderer, strict, protected
        )
        return built, None
    except (RenderError, write.OutputError) as error:
        return None, str(error)


def _protected(cfg: Config, inputs: dict[Path, str], *, schemas: bool = True) -> Protected:
    """What a run must not write over: ``inputs`` (the files it reads, each with what it is) and
    the project's own: its configuration files, registry, and everything in its records,
    templates and schemas folders (``schemas``: the project's own ``schemas/``, not only the
    schemas the tool ships)."""
    from hmip_docs.core import resources
    from hmip_docs.export import write

    configuration = "a configuration file"
    files = {
        cfg.root / "pyproject.toml": configuration,
        cfg.root / ".hmip-docs.yaml": configuration,
        cfg.registry: "the registry",
        **inputs,
    }
    folders = {
        cfg.records: "the records folder",
        cfg.templates: "the templates folder",
        resources.templates_dir(): "the templates folder",
        resources.schemas_dir(): "the schemas folder",
    }
    if schemas:
        folders[cfg.root / "schemas"] = "the schemas folder"
    return write.Protected.of(files, folders)


def _claim(outputs: Sequence[tuple[str, Path]], protected: Protected) -> None:
    """Refuse the run, before anything is written, if an output may not be written where it
    would go (``write.claim``)."""
    from hmip_docs.export import write

    try:
        write.claim(outputs, protected)
    except write.OutputError as error:
        # The path as given (not where its links lead), relative to here where it lies below.
        try:
            shown = error.path.absolute().relative_to(Path.cwd()).as_posix()
        except ValueError:
            shown = error.path.as_posix()
        raise UsageError(f"cannot write {shown}: {error.reason}") from error


STDOUT = Path("-")
"""``-o -``: standard output."""


def _build_inputs(
    args: argparse.Namespace, name: Callable[[Path, Path], str]
) -> tuple[Result, Path, list[tuple[Checked, Path]], Protected]:
    """Validate the records a build command names; its template, each record with where its
    output goes (``name`` gives the file name in the output folder), and what must not be
    written over. Every output is checked before anything is built."""
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    cfg = config.load()
    result, files = _validate(args, args.records, cfg=cfg)
    if args.output and len(files) != 1:
        raise UsageError("--output names one file: give exactly one record")
    if args.output == STDOUT:
        raise UsageError(f"{args.command} writes files only: name one with -o, not `-`")
    template = cfg.template()
    if not template.is_file():
        raise UsageError(f"the template {template} does not exist")
    out_dir = args.out_dir or cfg.build
    records = result.files[1:]
    outputs = [(c, args.output or out_dir / name(c.path, cfg.records)) for c in records]
    inputs = {c.path: "a record this run reads" for c in records}
    protected = _protected(cfg, {**inputs, template: "the template"})
    _claim([(display(c.path), out) for c, out in outputs], protected)
    return result, template, outputs, protected


def _build_report(
    findings: Sequence[Finding], built: Sequence[Path], result: Result, args: argparse.Namespace
) -> int:
    """Report a build command's findings and outputs; return its exit code."""
    from hmip_docs.validate.validator import display

    code = _exit_code(findings, args.strict)
    _report(findings, result, args)
    for path in built:
        _say(f"wrote {display(path)}")
    skipped = len(result.files) - 1 - len(built)
    if skipped:
        what = "errors and warnings (--strict)" if args.strict else "errors"
        _say(f"{skipped} record(s) not built: fix the {what} above")
    return code


def cmd_docx(args: argparse.Namespace) -> int:
    """``hmip-docs docx``: build a document for each valid record; none for an invalid one."""
    from hmip_docs.render import sandbox

    # A render process is started first: it imports the Word stack on another processor while
    # this one imports the validator and validates. It renders the first document (or stops,
    # when there is none).
    with sandbox.Renderer() as ahead:
        from hmip_docs.core import workers
        from hmip_docs.export import build, write
        from hmip_docs.render.errors import RenderError
        from hmip_docs.validate.validator import display

        result, template, outputs, protected = _build_inputs(args, build.output_name)
        findings = list(result.findings)
        built: list[Path] = []
        jobs = [
            (
                checked,
                result.registry,
                template,
                output,
                display(checked.path),
                args.strict,
                protected,
            )
            for checked, output in outputs
            if checked.passes(args.strict)
        ]
        # Several documents are built side by side, by one render process per processor (the
        # one started ahead among them), each rendering and checking one document after another;
        # where processes cannot be forked, by worker processes that each start render processes.
        count = workers.count(len(jobs), None, BUILD_POOL_MIN)
        done: list[tuple[Built | None, str | None]]
        if count > 1 and workers.forks():
            try:
                done = [(outcome, None) for outcome in build.build_all(jobs, ahead, count)]
            except (RenderError, write.OutputError) as failure:
                raise UsageError(str(failure)) from failure
        elif count > 1:
            ahead.close()
            done = workers.run(_build_job, jobs, workers=count)
        else:
            done = [_build_job(job, ahead) for job in jobs]
    for outcome, error in done:
        if error is not None or outcome is None:
            raise UsageError(error or "a document could not be built")
        findings.extend(outcome.findings)
        if outcome.output is not None:
            built.append(outcome.output)
    return _build_report(findings, built, result, args)


def cmd_pdf(args: argparse.Namespace) -> int:
    """``hmip-docs pdf``: a checked, tagged PDF for each valid record; none for an invalid one."""
    from hmip_docs.export import pdf, write
    from hmip_docs.render.errors import RenderError
    from hmip_docs.validate.validator import display

    result, template, outputs, protected = _build_inputs(args, pdf.output_name)
    try:
        pdf.program()
    except pdf.PdfError as error:
        raise UsageError(str(error)) from error
    findings = list(result.findings)
    built: list[Path] = []
    for checked, destination in outputs:
        try:
            outcome = pdf.build_one(
                checked,
                result.registry,
                template,
                destination,
                display(checked.path),
                args.strict,
                protected,
            )
        except (RenderError, pdf.PdfError, write.OutputError) as error:
            raise UsageError(str(error)) from error
        findings.extend(outcome.findings)
        if outcome.output is not None:
            built.append(outcome.output)
    return _build_report(findings, built, result, args)


def cmd_text(args: argparse.Namespace) -> int:
    """``hmip-docs text RECORD``: the document as Markdown, to review a change without Word."""
    import contextlib

    from hmip_docs.context import model
    from hmip_docs.export import markdown as text
    from hmip_docs.export import write
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    if args.record.is_dir():
        raise UsageError(f"{args.record}: give one record file, not a folder")
    cfg = config.load()
    result, _ = _validate(args, [args.record], cfg=cfg)
    checked = result.files[-1]
    to_file = args.output is not None and args.output != STDOUT
    protected = _protected(cfg, {checked.path: "the record this run reads"})
    if to_file:
        _claim([(display(checked.path), args.output)], protected)
    findings = result.findings
    code = _exit_code(findings, args.strict)
    if any(f.counts for f in findings) or args.format != "text":
        # Standard output carries the document; the report (warnings too) goes beside it.
        with contextlib.redirect_stdout(sys.stderr):
            _report(findings, result, args)
    if len(result.files) < 2 or not checked.passes(args.strict) or checked.data is None:
        what = "errors and warnings (--strict)" if args.strict else "errors"
        _say(f"no text: fix the {what} above")
        return code if code != EXIT_OK else EXIT_FINDINGS
    markdown = text.markdown(model.build(checked.data, result.registry))
    if not to_file:
        _out(markdown)
        return code
    try:
        write.write_atomic(args.output, markdown.encode("utf-8"), protected)
    except write.OutputError as error:
        raise UsageError(str(error)) from error
    _say(f"wrote {display(args.output)}")
    return code


def cmd_lint_template(args: argparse.Namespace) -> int:
    """``hmip-docs lint-template [TEMPLATE…]``: check templates before a build relies on them.
    Each is read and checked in a process held to the render's limits (``sandbox``)."""
    from hmip_docs.load import config
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.template_lint import lint as template_lint
    from hmip_docs.validate.validator import display

    templates: list[Path] = list(args.templates) or [config.load().template()]
    for template in templates:
        if not template.is_file():
            raise UsageError(f"{template}: no such template")
    findings = [
        finding
        for template in templates
        for finding in template_lint.lint_limited(template, display(template))
    ]
    checked = tuple(display(template) for template in templates)
    summary = Summary(
        len(templates),
        {},
        _color(args),
        strict=args.strict,
        checked=checked,
        show_accepted=args.show_accepted,
    )
    _out(FORMATS[args.format](findings, summary))
    return _exit_code(findings, args.strict)


def cmd_upgrade(args: argparse.Namespace) -> int:
    """``hmip-docs upgrade RECORD [-o OUT]``: rewrite a record of an older schema version to the
    current one, in place (the one command that writes over its input) or to ``-o``, keeping
    its comments, key order and layout."""
    from hmip_docs.export import upgrade, write
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    record: Path = args.record
    if record.is_dir():
        raise UsageError(f"{record}: give one record file, not a folder")
    shown = display(record)
    result = upgrade.upgrade_file(record, shown)
    for finding in result.findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        _out(f"{where}: error [{finding.rule}] {finding.message}\n")
        if finding.hint:
            _out(f"  fix: {finding.hint}\n")
    if result.findings:
        return EXIT_FINDINGS
    if result.text is None:
        _say(f"{shown} is already at the current schema version: nothing to do")
        return EXIT_OK
    target: Path = args.output if args.output is not None else record
    protected = write.NOTHING
    if args.output is not None:
        protected = _protected(config.load(), {record: "the record this run reads"})
        _claim([(shown, target)], protected)
    try:
        write.write_atomic(target, result.text.encode("utf-8"), protected)
    except write.OutputError as error:
        raise UsageError(str(error)) from error
    for change in result.changes:
        _say(f"{shown}: {change}")
    _say(f"wrote {display(target)}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``hmip-docs schema export DIR``: copy the schemas where a policy repo's editor finds them."""
    from hmip_docs.core import resources
    from hmip_docs.export import write
    from hmip_docs.load import config

    folder: Path = args.folder
    schemas = sorted(resources.schemas_dir().glob("*.schema.json"))
    # The project's schemas/ folder is where exported schemas belong; those shipped are not.
    protected = _protected(config.load(), {}, schemas=False)
    _claim([(schema.name, folder / schema.name) for schema in schemas], protected)
    for schema in schemas:
        try:
            write.write_atomic(folder / schema.name, schema.read_bytes(), protected)
        except OSError as error:  # the shipped schema could not be read
            raise UsageError(f"cannot read {schema}: {error.strerror or error}") from error
        except write.OutputError as error:
            raise UsageError(str(error)) from error
        _out(f"wrote {folder / schema.name}\n")
    return EXIT_OK


COMMANDS = {
    "validate": cmd_validate,
    "docx": cmd_docx,
    "pdf": cmd_pdf,
    "text": cmd_text,
    "lint-template": cmd_lint_template,
    "upgrade": cmd_upgrade,
    "schema": cmd_schema,
}


GC_THRESHOLD = (100_000, 50, 100)
"""Cycle-collector thresholds while a command runs. The run is short and makes little cyclic
garbage, while each collection walks every object the imports created: with Python's default
(700, 10, 10), collecting took a tenth of a one-record ``validate`` and more of a ``docx``."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    saved = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("hmip-docs: interrupted")
        return EXIT_INTERRUPTED
    finally:
        gc.set_threshold(*saved)


def _main(argv: Sequence[str] | None) -> int:
    if _open_standard_streams():
        _say(
            "hmip-docs: standard output is closed: the report has nowhere to go "
            "(redirect it to a file, or to /dev/null)"
        )
        return EXIT_ERROR
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except StreamError as error:  # --help or --version, printed to a stream that failed
        _stream_failed(error)
        return EXIT_ERROR
    if args.debug:
        from hmip_docs.validate import validator as validate

        validate.SHOW_TRACEBACKS = True
    try:
        code = COMMANDS[args.command](args)
        _out("")  # what is still buffered reaches its file now, or the failure is reported
        return code
    except UsageError as error:
        _say(f"hmip-docs: {error}")
        return EXIT_ERROR
    except StreamError as error:
        _stream_failed(error)
        return EXIT_ERROR
    except Exception as error:
        from hmip_docs.load.config import ConfigError

        if isinstance(error, ConfigError):
            _say(f"hmip-docs: {error}")
            return EXIT_ERROR
        if isinstance(error, OSError) and not _flushes(sys.stderr):
            _discard(sys.stderr)  # a message printed on the way failed: nothing more can be said
            return EXIT_ERROR
        if isinstance(error, OSError) and not _flushes(sys.stdout):
            _discard(sys.stdout)
            _say(f"hmip-docs: cannot write to standard output: {error.strerror or error}")
            return EXIT_ERROR
        if args.debug:
            import traceback

            traceback.print_exc()
        _say(
            f"hmip-docs: internal error [internal-error]: {type(error).__name__}: {error}\n"
            "  this is a fault in hmip-docs, not in your files; run with --debug and report it"
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
