"""The steps the Makefile calls: book, pdf, site, archive, release, deposit, screenshots, vendor, audit-charts, lab."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..paths import REPO_ROOT
from .exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_commands(commands) -> None:
    book = commands.add_parser(
        "book",
        help="check the data, execute the stale notebooks, build the book into _build/html",
        description="make book: check the data and references, execute the notebooks whose inputs changed, build "
        "the book with warnings as errors. All or nothing: on a failure the notebooks and _build/html "
        "stay as they were.",
    )
    book.add_argument("--force", action="store_true", help="execute every notebook, changed or not")
    book.add_argument("--jobs", type=int, help="notebooks executed at once (default: one per core)")
    book.set_defaults(run=book_command)

    pdf = commands.add_parser(
        "pdf",
        help="print the whole book to one PDF, _build/pdf/nanoimaging-<version>.pdf (after make book)",
        description="make pdf: build the book as one HTML page from the notebooks' stored outputs and print it "
        "with Chromium: a title page from CITATION.cff, an outline of the parts, chapters and sections, Table 1 "
        "scaled to the page, the charts as vector graphics. Run make book first (make pdf does): stale notebooks "
        "stop it. A build that fails leaves the previous PDF as it was.",
    )
    pdf.add_argument("--output", type=Path, help="write the PDF here (default _build/pdf/nanoimaging-<version>.pdf)")
    pdf.set_defaults(run=pdf_command)

    site = commands.add_parser(
        "site",
        help="add this version to the versioned website in _site/",
        description="make site: build the book, build it again with the version switcher into _build/versioned/, "
        "print the PDF edition, and publish them as _site/<version>/ and _site/latest/, with versions.json and "
        "an index.",
    )
    site.add_argument("--ref", help="build this git tag or commit (in a worktree of its own) instead of the work tree")
    site.add_argument("--base-url", default="/", help="URL path where _site/ is served (default /)")
    site.add_argument(
        "--site", type=Path, default=REPO_ROOT / "_site", help="the versioned site folder (default _site/)"
    )
    site.add_argument(
        "--build-only", action="store_true", help="build _build/versioned/ and the PDF, and stop (no publishing)"
    )
    site.set_defaults(run=site_command)

    archive = commands.add_parser(
        "archive",
        help="zip every version of _site/, their PDFs and the data package into _build/archive/ (after make site)",
        description="make archive: the archival edition, one zip of every version of the versioned website in "
        "_site/ (with each version's PDF) and the data package. Unzipped anywhere, its pages work from disk: "
        "no server, no network; the version switcher is a plain list of versions there. A build that fails "
        "leaves the previous zip as it was.",
    )
    archive.add_argument("--site", type=Path, default=REPO_ROOT / "_site", help="the versioned site (default _site/)")
    archive.add_argument("--data", type=Path, default=REPO_ROOT / "data", help="the data package (default data/)")
    archive.add_argument(
        "--out-dir", type=Path, default=REPO_ROOT / "_build" / "archive", help="where (default _build/archive/)"
    )
    archive.set_defaults(run=archive_command)

    release = commands.add_parser(
        "release",
        help="set a new version and release date (CITATION.cff, datapackage.json, pyproject.toml, CHANGELOG.md)",
    )
    release.add_argument("version", help="the new version, major.minor.patch")
    release.add_argument("--date", help="release date, YYYY-MM-DD (default: today)")
    release.set_defaults(run=release_command)

    deposit = commands.add_parser(
        "deposit",
        help="write the deposit's metadata and data package zip into _build/deposit/",
        description="make deposit: from CITATION.cff and data/datapackage.json, write .zenodo.json, the data "
        "package's DataCite 4.5 record (datacite.json), the data package as a zip with each file's SHA-256, and "
        "SHA256SUMS, after validating the records against their schemas (offline) and checking that they agree "
        "with CITATION.cff and datapackage.json. A problem writes nothing.",
    )
    deposit.add_argument("--output", type=Path, help="the folder to write (default _build/deposit/)")
    deposit.set_defaults(run=deposit_command)

    shots = commands.add_parser("screenshots", help="PNGs of every page at desktop and phone widths, light and dark")
    shots.add_argument("html_dir", nargs="?", type=Path, default=REPO_ROOT / "_build" / "html")
    shots.add_argument("out_dir", nargs="?", type=Path, default=REPO_ROOT / "_build" / "screenshots")
    shots.add_argument("--page", action="append", help="a page to take (repeatable; default: every page)")
    shots.add_argument("--width", action="append", choices=["desktop", "phone"], help="repeatable; default: both")
    shots.add_argument("--first-screen", action="store_true", help="only the first screen, not the whole page")
    shots.add_argument("--element", metavar="SELECTOR", help="only the first element the CSS selector finds")
    shots.set_defaults(run=screenshots_command)

    vendor = commands.add_parser("vendor", help="copy the pinned vega builds from node_modules into _static/vendor")
    vendor.add_argument("node_modules", type=Path)
    vendor.add_argument("dest", type=Path)
    vendor.set_defaults(run=vendor_command)

    family = commands.add_parser(
        "new-family",
        help="write the chapter of a family added to families.csv, and list it in _toc.yml",
        description="After adding a family's row to data/families.csv (and its modalities), write its chapter "
        "notebooks/FAMILY.ipynb from the template and add it to _toc.yml; then run make book.",
    )
    family.add_argument("family", help="the family's id, as in families.csv")
    family.set_defaults(run=new_family_command)

    audit = commands.add_parser(
        "audit-charts", help="check that built pages load the chart scripts once, and only with a chart"
    )
    audit.add_argument("html_dir", type=Path)
    audit.set_defaults(run=audit_command)

    lab = commands.add_parser(
        "lab",
        help="open the notebooks in JupyterLab (make lab)",
        description="Start JupyterLab on notebooks/. Jupyter refuses to run as root, as it is in a container "
        "or on some dev machines: as root this passes --allow-root and says so.",
    )
    lab.add_argument("--dry-run", action="store_true", help="print the command that would run, and stop")
    lab.set_defaults(run=lab_command)


def book_command(args: argparse.Namespace) -> int:
    from ..site.book import build_book

    result = build_book(REPO_ROOT, force=args.force, jobs=args.jobs, quiet=True)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def pdf_command(args: argparse.Namespace) -> int:
    from ..paths import display_path
    from ..site.pdf import PdfBuildError, build_pdf

    try:
        result = build_pdf(REPO_ROOT, args.output)
    except (PdfBuildError, FileNotFoundError) as exc:
        print(f"pdf: {exc}\nThe previous PDF was left as it was.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"wrote {display_path(result.path)}: {result.pages} pages, {len(result.chapters)} chapters, "
        f"in {result.seconds:.1f} s"
    )
    return EXIT_OK


def site_command(args: argparse.Namespace) -> int:
    from ..site import versioned
    from ..site.book import build_book
    from ..site.pdf import PdfBuildError, build_pdf
    from ..site.release import current

    if args.ref:
        try:
            names = versioned.build_ref(args.ref, args.site, args.base_url)
        except versioned.UnknownRef as exc:
            print(f"site: {exc}; nothing was built", file=sys.stderr)
            return EXIT_USAGE
        except subprocess.CalledProcessError as exc:
            print(
                f"site: building {args.ref} failed ({exc.cmd[-1]} exited {exc.returncode}); nothing was published",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    else:
        built = build_book(REPO_ROOT)
        if not built.ok:
            print(built.message, file=sys.stderr)
            return EXIT_PROBLEMS
        try:
            html = versioned.build_versioned_html(REPO_ROOT)
            pdf = build_pdf(REPO_ROOT)
        except (RuntimeError, FileNotFoundError) as exc:  # PdfBuildError is a RuntimeError
            what = "the PDF edition" if isinstance(exc, (PdfBuildError, FileNotFoundError)) else "the versioned build"
            print(f"{what}: {exc}\nNothing was published.", file=sys.stderr)
            return EXIT_PROBLEMS
        if args.build_only:
            print(f"built {html} and {pdf.path}")
            return EXIT_OK
        names = versioned.publish(html, args.site, current(REPO_ROOT).version, args.base_url, pdf=pdf.path)
    print(f"{args.site}: versions {', '.join(names)}; latest = {names[0]}")
    return EXIT_OK


def release_command(args: argparse.Namespace) -> int:
    from ..site.release import release

    try:
        new = release(args.version, args.date, REPO_ROOT)
    except ValueError as exc:
        print(f"release: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"version {new.version} of {new.date} set in CITATION.cff, data/datapackage.json, "
        "pyproject.toml, CHANGELOG.md and .zenodo.json; commit, then tag v" + new.version
    )
    return EXIT_OK


def deposit_command(args: argparse.Namespace) -> int:
    from ..paths import display_path
    from ..site.deposit_files import DepositProblem, write_deposit

    try:
        written = write_deposit(REPO_ROOT, args.output)
    except DepositProblem as exc:
        print(f"deposit: {exc}\nNothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(f"wrote {display_path(path)}")
    return EXIT_OK


def screenshots_command(args: argparse.Namespace) -> int:
    from ..site.screenshots import WIDTHS, take_screenshots

    widths = {label: WIDTHS[label] for label in (args.width or WIDTHS)}
    try:
        written = take_screenshots(
            args.html_dir, args.out_dir, args.page, widths, full_page=not args.first_screen, element=args.element
        )
    except FileNotFoundError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(path)
    return EXIT_OK


def vendor_command(args: argparse.Namespace) -> int:
    from ..site.vendor import vendor

    for path in vendor(args.node_modules, args.dest):
        print(path)
    return EXIT_OK


def audit_command(args: argparse.Namespace) -> int:
    from ..site.page_audit import audit_site

    problems = audit_site(args.html_dir)
    for page, items in problems.items():
        for item in items:
            print(f"{page}: {item}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def new_family_command(args: argparse.Namespace) -> int:
    from ..data.dataset import load
    from ..problems import DataValidationError
    from ..site.chapters import new_family_chapter

    try:
        data = load(REPO_ROOT / "data")
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        notebook = new_family_chapter(REPO_ROOT, args.family, data)
    except ValueError as exc:
        print(f"new-family: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"wrote {notebook.relative_to(REPO_ROOT)} and listed it in _toc.yml; now run `make book`, "
        "then commit the notebook with its outputs"
    )
    return EXIT_OK


#: What ``nanoimaging lab`` says before it starts JupyterLab as root.
ROOT_NOTE = "running as root: starting JupyterLab with --allow-root (it refuses root otherwise)"


def lab_argv(euid: int | None, python: str = sys.executable, notebooks: Path = REPO_ROOT / "notebooks") -> list[str]:
    """The JupyterLab command for a user of effective uid ``euid`` (None where there are no uids: Windows)."""
    argv = [python, "-m", "jupyter", "lab", str(notebooks)]
    return [*argv, "--allow-root"] if euid == 0 else argv


def lab_command(args: argparse.Namespace) -> int:
    geteuid = getattr(os, "geteuid", None)
    argv = lab_argv(geteuid() if geteuid else None)
    if "--allow-root" in argv:
        print(ROOT_NOTE)
    if args.dry_run:
        print(" ".join(argv))
        return EXIT_OK
    sys.stdout.flush()
    try:
        return subprocess.run(argv, check=False).returncode
    except KeyboardInterrupt:  # Ctrl-C stops JupyterLab too; nothing more to say
        return EXIT_OK


def archive_command(args: argparse.Namespace) -> int:
    from ..paths import display_path
    from ..site.archive import ArchiveError, build_archive

    try:
        archive = build_archive(args.site, args.data, args.out_dir)
    except (ArchiveError, OSError) as exc:
        print(f"archive: {exc}\nThe previous archive was left as it was.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"wrote {display_path(archive.path)}: {archive.size / 2**20:.1f} MB, "
        f"versions {', '.join(archive.versions)}, with the data package"
    )
    return EXIT_OK
