"""The command line: parse options, run one command, print its report, return its exit code.

Exit codes: 0 valid (warnings allowed, unless --strict), 1 findings, 2 the command could not run
or the tool itself failed. Unexpected exceptions are caught here, once, and reported as the tool's
fault (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmip_docs import __version__

if TYPE_CHECKING:  # the commands import what they use, so `validate` stays light
    from hmip_docs.build import Built
    from hmip_docs.config import Config
    from hmip_docs.findings import Finding
    from hmip_docs.registry import Registry
    from hmip_docs.sandbox import Renderer
    from hmip_docs.validate import Checked, Result

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked (missing file, bad configuration, unwritable output)."""


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
        sub.add_argument("--strict", action="store_true", help="warnings fail too")
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
    out: dict[str, list[str]] = {}
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8-sig", errors="replace")
            # Lines end at "\n" only, as the loader counts them (splitlines() would also split
            # at U+2028, form feeds and other characters a bad file may hold).
            out[name] = text.removesuffix("\n").split("\n")
        except OSError:
            continue
    return out


def _report(findings: Sequence[Finding], result: Result, args: argparse.Namespace) -> None:
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.validate import display

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
    )
    sys.stdout.write(FORMATS[args.format](typed, summary))


def _exit_code(findings: Sequence[Finding], strict: bool) -> int:
    from hmip_docs.findings import Severity
    from hmip_docs.validate import INTERNAL_ERROR

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
    from hmip_docs import config, validate

    cfg = cfg or config.load()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    if not cfg.registry.is_file():
        raise UsageError(f"the registry {cfg.registry} does not exist")
    if not paths and not cfg.records.is_dir():
        raise UsageError(f"the records folder {cfg.records} does not exist")
    files = validate.discover(paths, cfg.records, cfg.registry)
    return validate.validate(files, cfg.registry, keep_data=keep_data), files


def cmd_validate(args: argparse.Namespace) -> int:
    """``hmip-docs validate``: report every finding of every record."""
    result, _ = _validate(args, args.paths, keep_data=False)  # a report needs no data
    findings = result.findings
    _report(findings, result, args)
    return _exit_code(findings, args.strict)


BUILD_POOL_MIN = 2
"""From this many documents on, ``docx`` builds them in several processes at once."""


def _build_job(
    job: tuple[Checked, Registry, Path, Path, str], renderer: Renderer | None = None
) -> tuple[Built | None, str | None]:
    """Build one document (in a worker, or by a render process started ahead): the outcome,
    or the message of an error that stops the run (raised by the caller, as the same error
    built here would be)."""
    from hmip_docs import build, write
    from hmip_docs.render_error import RenderError

    checked, registry, template, destination, file = job
    try:
        return build.build_one(checked, registry, template, destination, file, renderer), None
    except (RenderError, write.OutputError) as error:
        return None, str(error)


def _build_inputs(args: argparse.Namespace) -> tuple[Result, Path, Path]:
    """Validate the records a build command names; its template and output folder."""
    from hmip_docs import config

    cfg = config.load()
    result, files = _validate(args, args.records, cfg=cfg)
    if args.output and len(files) != 1:
        raise UsageError("--output names one file: give exactly one record")
    template = cfg.template()
    if not template.is_file():
        raise UsageError(f"the template {template} does not exist")
    return result, template, args.out_dir or cfg.build


def _build_report(
    findings: Sequence[Finding], built: Sequence[Path], result: Result, args: argparse.Namespace
) -> int:
    """Report a build command's findings and outputs; return its exit code."""
    from hmip_docs.validate import display

    code = _exit_code(findings, args.strict)
    if code != EXIT_OK or args.format != "text":
        _report(findings, result, args)
    for path in built:
        print(f"wrote {display(path)}", file=sys.stderr)
    skipped = len(result.files) - 1 - len(built)
    if skipped:
        print(f"{skipped} record(s) not built: fix the errors above", file=sys.stderr)
    return code


def cmd_docx(args: argparse.Namespace) -> int:
    """``hmip-docs docx``: build a document for each valid record; none for an invalid one."""
    from hmip_docs import sandbox

    # A render process is started first: it imports the Word stack on another processor while
    # this one imports the validator and validates. It renders the first document (or stops,
    # when there is none).
    with sandbox.Renderer() as ahead:
        from hmip_docs import build, workers, write
        from hmip_docs.render_error import RenderError
        from hmip_docs.validate import display

        result, template, out_dir = _build_inputs(args)
        findings = list(result.findings)
        built: list[Path] = []
        jobs = [
            (
                checked,
                result.registry,
                template,
                args.output or out_dir / build.output_name(checked.path),
                display(checked.path),
            )
            for checked in result.files[1:]
            if checked.valid
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
    from hmip_docs import pdf, write
    from hmip_docs.render_error import RenderError
    from hmip_docs.validate import display

    result, template, out_dir = _build_inputs(args)
    try:
        pdf.program()
    except pdf.PdfError as error:
        raise UsageError(str(error)) from error
    findings = list(result.findings)
    built: list[Path] = []
    for checked in result.files[1:]:
        destination = args.output or out_dir / pdf.output_name(checked.path)
        try:
            outcome = pdf.build_one(
                checked, result.registry, template, destination, display(checked.path)
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

    from hmip_docs import context, text, write
    from hmip_docs.validate import display

    if args.record.is_dir():
        raise UsageError(f"{args.record}: give one record file, not a folder")
    result, _ = _validate(args, [args.record])
    checked = result.files[-1]
    findings = result.findings
    code = _exit_code(findings, args.strict)
    if code != EXIT_OK or args.format != "text":
        # Standard output carries the document; the report goes beside it.
        with contextlib.redirect_stdout(sys.stderr):
            _report(findings, result, args)
    if len(result.files) < 2 or not checked.valid or checked.data is None:
        print("no text: fix the errors above", file=sys.stderr)
        return code if code != EXIT_OK else EXIT_FINDINGS
    markdown = text.markdown(context.build(checked.data, result.registry))
    if args.output is None:
        sys.stdout.write(markdown)
        return code
    try:
        write.write_atomic(args.output, markdown.encode("utf-8"))
    except write.OutputError as error:
        raise UsageError(str(error)) from error
    print(f"wrote {display(args.output)}", file=sys.stderr)
    return code


def cmd_lint_template(args: argparse.Namespace) -> int:
    """``hmip-docs lint-template [TEMPLATE…]``: check templates before a build relies on them.
    Each is read and checked in a process held to the render's limits (``sandbox``)."""
    from hmip_docs import config, sandbox, template_lint
    from hmip_docs.render_error import RenderError
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.validate import display

    templates: list[Path] = list(args.templates) or [config.load().template()]
    for template in templates:
        if not template.is_file():
            raise UsageError(f"{template}: no such template")
    findings: list[Finding] = []
    for template in templates:
        shown = display(template)
        work = template_lint.lint_findings
        job = sandbox.Job(work, (template, shown), template, "checking the template")
        try:
            findings += sandbox.run(job)
        except RenderError as error:
            findings.append(template_lint.over_the_limits(str(error), template, shown))
    checked = tuple(display(template) for template in templates)
    summary = Summary(len(templates), {}, _color(args), strict=args.strict, checked=checked)
    sys.stdout.write(FORMATS[args.format](findings, summary))
    return _exit_code(findings, args.strict)


def cmd_schema(args: argparse.Namespace) -> int:
    """``hmip-docs schema export DIR``: copy the schemas where a policy repo's editor finds them."""
    import shutil

    from hmip_docs import resources

    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    for schema in sorted(resources.schemas_dir().glob("*.schema.json")):
        shutil.copyfile(schema, folder / schema.name)
        print(f"wrote {folder / schema.name}")
    return EXIT_OK


COMMANDS = {
    "validate": cmd_validate,
    "docx": cmd_docx,
    "pdf": cmd_pdf,
    "text": cmd_text,
    "lint-template": cmd_lint_template,
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
    finally:
        gc.set_threshold(*saved)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.debug:
        from hmip_docs import validate

        validate.SHOW_TRACEBACKS = True
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"hmip-docs: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hmip-docs: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:
        from hmip_docs.config import ConfigError

        if isinstance(error, ConfigError):
            print(f"hmip-docs: {error}", file=sys.stderr)
            return EXIT_ERROR
        if args.debug:
            import traceback

            traceback.print_exc()
        print(
            f"hmip-docs: internal error [internal-error]: {type(error).__name__}: {error}\n"
            "  this is a fault in hmip-docs, not in your files; run with --debug and report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
