"""The answering process keeps BLAS on one thread (`build_answering_service`).

Why a test: OpenBLAS's idle threads spin after each small matrix product and take the cores from the
embedding engine; on two cores that doubled the answer time (BENCHMARKS.md). The limit is easy to lose
in a refactor and nothing else would fail.
"""

from __future__ import annotations

from pathlib import Path

from threadpoolctl import threadpool_info, threadpool_limits

from bot.answering.service import build_answering_service
from bot.settings import Settings
from tests.fakes.embedder import HashingEmbedder


def test_building_the_answering_service_keeps_blas_on_one_thread(tmp_path: Path) -> None:
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    with threadpool_limits(limits=2, user_api="blas"):  # as a 2-core machine starts (restored afterwards)
        build_answering_service(Settings(_env_file=None, data_dir=tmp_path), embedder=HashingEmbedder())
        assert blas, "numpy has a BLAS"
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
