"""The guidance cases against the fixture pages, with the default embedding model and the whole corpus.

    .venv/bin/python -m bench.guidance_eval [--data-dir DIR]

A local HTTP server plays regjeringen.no and bufdir.no with `tests/fixtures/guidance` (invented
placeholder commentary in the publishers' page structure); the real manifest is used with the guidance
URLs pointed at it. Everything is ingested into a fresh DATA_DIR (the full Lovdata corpus from
LOVDATA_DIR, embedded with the default model: minutes on two cores), then `tilsynsbot eval` runs the
guidance cases (`tests/fixtures/guidance/eval.jsonl`). Figures go into BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.answering.service import build_answering_service
from bot.eval.runner import format_table, load_items, run
from bot.settings import PROJECT_ROOT, Settings
from ingest.indexer import Indexer

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "guidance"


def _serve() -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = Path(urlsplit(self.path).path).name
            path = FIXTURES / name
            body = path.read_bytes() if path.suffix == ".html" and path.is_file() else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    server = _serve()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    work = Path(tempfile.mkdtemp(prefix="guidance-eval-"))
    manifest = yaml.safe_load((PROJECT_ROOT / "knowledge" / "sources.yaml").read_text(encoding="utf-8"))
    for source in manifest["sources"]:
        for page in source.get("pages", []):
            page["url"] = f"{base}/{page['file']}"
        if source.get("path"):
            source["path"] = str(PROJECT_ROOT / "knowledge" / source["path"])
    knowledge = work / "knowledge"
    knowledge.mkdir()
    (knowledge / "sources.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    (knowledge / "models").symlink_to(PROJECT_ROOT / "knowledge" / "models")
    settings = Settings(data_dir=args.data_dir or work / "data", knowledge_dir=knowledge,
                        documents_dir=work / "no-documents", guidance_dir=None, guidance_download=True)
    report = Indexer(settings).run(progress=False)
    print("\n".join(report.summary_lines()), file=sys.stderr)
    results = run(build_answering_service(settings), load_items(FIXTURES / "eval.jsonl"))
    print(format_table(results))
    for q in results["questions"]:  # the full system's outcome per question
        print(q["id"], "declined" if q["abstained"] else "answered", "rank", q["rank"], "cited", q["cited"],
              "missing", q["missing_facts"])
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
